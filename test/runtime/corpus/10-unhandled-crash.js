// An unhandled rejection kills the process (exit 1) with Node's report on stderr.
console.log('before');
async function deep() { await null; throw new TypeError('nobody catches this'); }
async function caller() { await deep(); }
caller();
setTimeout(() => console.log('never printed'), 100);
