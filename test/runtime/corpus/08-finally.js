// finally blocks: return in finally overrides return/throw, awaits inside finally and catch.
const log = (...a) => console.log(...a);
async function overrideReturn() { try { return 'try'; } finally { return 'finally'; } }
async function overrideThrow() { try { throw new Error('lost'); } finally { return 'finally wins'; } }
async function awaitInFinally() {
  try { await null; return 'from try'; } finally { log('finally start'); await new Promise((r) => setTimeout(r, 1)); log('finally end'); }
}
async function throwInFinally() { try { return 'never'; } finally { await null; throw new Error('finally threw'); } }
async function awaitInCatch() {
  try { await Promise.reject(new Error('first')); } catch (e) { log('catch', e.message); await null; return 'recovered ' + e.message; }
}
function* genFinally() { try { yield 1; yield 2; } finally { log('gen cleanup'); yield 'from finally'; } }
async function loopFinally() {
  const seen = [];
  for (let i = 0; i < 4; i++) {
    try { if (i === 1) continue; if (i === 3) break; await null; seen.push(i); } finally { seen.push('f' + i); }
  }
  return seen;
}
async function main() {
  log(await overrideReturn());
  log(await overrideThrow());
  log(await awaitInFinally());
  try { await throwInFinally(); } catch (e) { log('caught', e.message); }
  log(await awaitInCatch());
  const g = genFinally();
  log(g.next(), g.return('r'), g.next(), g.next());
  log(await loopFinally());
}
main();
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3')).then(() => log('m4'));
