'use strict';
// A CommonJS file with a 'use strict' directive: it must stay strict under the shim
// (a probe placed before the directive would turn it into a plain string statement).
const log = (...a) => console.log(...a);
async function thisValue() { await null; return typeof this; }
try { undeclaredVariable = 1; log('sloppy mode!'); } catch (e) { log('strict mode', e.name); }
function sloppyInside() { return typeof this; }
async function strictInside() { 'use strict'; await null; return typeof this; }
thisValue().then((t) => log('this in async fn', t));
strictInside().then((t) => log('this in directive fn', t));
log('plain fn this', sloppyInside());
