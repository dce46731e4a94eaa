// A CommonJS TypeScript file: require, module.exports, types.
const path: typeof import('node:path') = require('node:path');
async function load(name: string): Promise<{ name: string; base: string }> {
  await null;
  return { name, base: path.basename(__filename) };
}
module.exports = { load };
load('cts').then((r: { name: string; base: string }) => console.log(r));
console.log('sync', typeof module.exports.load);
