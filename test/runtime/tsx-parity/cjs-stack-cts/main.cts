// An uncaught error from CommonJS TypeScript, thrown after an await: frames at the .cts lines.
type Job = { id: number };

async function run(job: Job): Promise<void> {
  await new Promise<void>((r) => setImmediate(r));
  throw new RangeError(`job ${job.id} out of range`);
}

run({ id: 7 });
