// Start-up: a program that does next to nothing, timed from outside (process wall time), so
// what the shim adds before user code runs (its hooks thread, reading its bundles) shows.
const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function main() {
  await wait(1);
  console.log('hello');
}
main();
