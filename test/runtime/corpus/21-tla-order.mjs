// Top-level await across modules: evaluation order of a module graph with async modules.
import { a } from './tla-dep-a.mjs';
import { b } from './tla-dep-b.mjs';
console.log('main body', a, b);
await null;
console.log('main after await');
const { late } = await import('./tla-dep-a.mjs');
console.log('dynamic import', late);
for await (const x of [Promise.resolve(1), 2]) console.log('top-level for-await', x);
queueMicrotask(() => console.log('microtask after main'));
