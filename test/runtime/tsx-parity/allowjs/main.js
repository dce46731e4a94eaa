// JavaScript (allowJs) importing TypeScript the way TypeScript projects write it: `./util.js` is util.ts.
import { double } from './util.js';

const values = await Promise.all([1, 2, 3].map(double));
console.log(values.join(' '));
