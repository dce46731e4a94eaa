// An uncaught error in an ES module: Node prints the throwing line with its file:// URL and the frames.
async function step(n) {
  await new Promise((r) => setTimeout(r, 1));
  if (n === 2) throw new Error(`failed at step ${n}`);
  return n;
}

for (const n of [1, 2, 3]) console.log('step', await step(n));
