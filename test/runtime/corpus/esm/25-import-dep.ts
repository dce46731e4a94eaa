// A .ts ES module importing './dep.js', which exists only as dep.ts (TypeScript's convention).
// Node cannot run this natively (it wants './dep.ts'), so the expected output is golden.
import { fetchAll, type Item } from './dep.js';
const items: Item[] = await fetchAll(3);
console.log(items.map((i) => i.label).join(' '));
