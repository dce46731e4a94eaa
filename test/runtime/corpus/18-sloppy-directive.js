// A sloppy script whose async functions carry their own 'use strict' directive.
const log = (...a) => console.log(...a);
async function strictFn() {
  'use strict';
  // comment after the directive
  'another directive';
  await null;
  try { notDeclared = 2; return 'sloppy'; } catch (e) { return 'strict ' + e.name; }
}
async function sloppyFn() { await null; return typeof this; }
const arrowStrict = async () => { 'use strict'; return (function () { return typeof this; })(); };
strictFn().then(log);
sloppyFn().then(log);
arrowStrict().then(log);
leaked = 'sloppy global ok';
log(globalThis.leaked);
