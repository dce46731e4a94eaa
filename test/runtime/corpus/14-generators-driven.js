// Generators driven by hand: next(v) (Python's send), throw() caught and uncaught, return()
// running finally blocks, a generator as a coroutine scheduler.
const log = (...a) => console.log(...a);
function* accumulator() {
  let total = 0;
  try {
    while (true) {
      let v;
      try { v = yield total; } catch (e) { log('gen caught', e.message); v = 0; }
      total += v;
    }
  } finally {
    log('accumulator finally at', total);
  }
}
const acc = accumulator();
log(acc.next('first is ignored'));
log(acc.next(5), acc.next(7));
log(acc.throw(new Error('recoverable')));
log(acc.next(1));
log(acc.return('closed'), acc.next(100));
function* fragile() { yield 1; yield 2; }
const f = fragile();
f.next();
try { f.throw(new Error('uncaught in gen')); } catch (e) { log('propagated', e.message); }
log(f.next());
// A tiny round-robin scheduler of generators (coroutines without async).
function* worker(name, steps) { for (let i = 0; i < steps; i++) { log(name, 'step', i); yield; } return name + ' done'; }
const ready = [worker('a', 2), worker('b', 3), worker('c', 1)];
while (ready.length) {
  const w = ready.shift();
  const r = w.next();
  if (r.done) log(r.value); else ready.push(w);
}
const unstarted = accumulator();
log(unstarted.return('never started'));
