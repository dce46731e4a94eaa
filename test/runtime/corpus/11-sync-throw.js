// An async function that throws before its first await: the call returns a rejected promise,
// the caller's following statements still run synchronously.
const log = (...a) => console.log(...a);
async function throwsEarly(x) { if (x) throw new Error('early ' + x); await null; return 'late'; }
function* genThrowsEarly() { throw new Error('generator body'); }
const p = throwsEarly(1);
log('after call, promise is', typeof p.then);
p.catch((e) => log('caught', e.message));
throwsEarly(0).then(log);
const g = genThrowsEarly();
log('generator created without running');
try { g.next(); } catch (e) { log('next threw', e.message); }
log(g.next());
const badParams = async (a = (() => { throw new Error('param default'); })()) => a;
badParams().catch((e) => log('param rejection', e.message));
log('sync end');
