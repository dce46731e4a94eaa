// A dynamic import() of an ES module (.mts) from CommonJS TypeScript.
async function main(): Promise<void> {
  const { default: plugin } = await import('./plugin.mjs');
  console.log(await plugin('x'));
}

main();
