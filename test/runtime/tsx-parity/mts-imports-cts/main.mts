// An ES module (.mts) importing CommonJS TypeScript (.cts): named exports through Node's CJS interop.
import { Counter, start } from './counter.cjs';

const counter = new Counter();
await counter.add(start);
console.log(await counter.add(5));
