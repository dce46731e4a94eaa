// Top-level await in a TypeScript ES module, with types everywhere.
interface Job { id: number; ms: number }
const jobs: Job[] = [{ id: 1, ms: 30 }, { id: 2, ms: 1 }];
const sleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));
async function run(job: Job): Promise<string> {
  await sleep(job.ms);
  console.log('job', job.id, 'done');
  return `job ${job.id}`;
}
const results: string[] = await Promise.all(jobs.map(run));
console.log(results);
type Pair<T> = [T, T];
const pair: Pair<number> = [await Promise.resolve(1), 2];
console.log(pair satisfies Pair<number>);
