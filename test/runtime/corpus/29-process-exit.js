// process.exit from inside an async task while others are pending: code and output preserved.
async function worker(n) { await new Promise((r) => setTimeout(r, n)); console.log('worker', n); }
worker(1); worker(50);
process.on('exit', (code) => console.log('exit handler', code));
(async () => { await new Promise((r) => setTimeout(r, 10)); console.log('exiting'); process.exit(3); })();
