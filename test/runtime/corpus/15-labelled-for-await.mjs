// Labelled loops with for-await, `continue outer` and `break outer` from inner loops.
const log = (...a) => console.log(...a);
async function* rows() { for (const r of ['r0', 'r1', 'r2', 'r3']) { await null; yield r; } }
async function* cols(r) { for (let c = 0; c < 3; c++) { await new Promise((res) => setImmediate(res)); yield `${r}c${c}`; } }
outer: for await (const r of rows()) {
  inner: for await (const cell of cols(r)) {
    if (cell.endsWith('c1') && r === 'r0') continue outer;
    if (cell === 'r1c0') continue inner;
    if (cell === 'r2c2') break outer;
    log(cell);
  }
  log('row end', r);
}
let n = 0;
loop: for await (const x of [1, 2, 3, 4]) {
  n++;
  switch (x) {
    case 2: continue loop;
    case 4: break loop;
  }
  log('x', x);
}
log('n', n);
setTimeout(() => log('timer after loops'), 1);
