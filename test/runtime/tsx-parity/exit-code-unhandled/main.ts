// process.exitCode set after awaits, and a rejection nobody handles: Node's report and exit code 1.
async function fail(): Promise<never> {
  await new Promise((r) => setTimeout(r, 1));
  throw new Error('nobody caught me');
}

process.exitCode = 3;
console.log('started');
fail();
