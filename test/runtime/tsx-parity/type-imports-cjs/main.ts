// CommonJS TypeScript: type imports without `type`, `import =`, `export =`, ESM syntax compiled to require().
import { Job, Result } from './types';
import describe = require('./legacy.cjs');
import { setTimeout as sleep } from 'node:timers/promises';

export async function run(job: Job): Promise<Result> {
  await sleep(job.ms);
  return { name: job.name, done: true };
}

async function main(): Promise<void> {
  const results = await Promise.all([run({ name: 'a', ms: 3 }), run({ name: 'b', ms: 1 })]);
  console.log(JSON.stringify(results), describe(__filename), typeof require, typeof module);
}

void main();
