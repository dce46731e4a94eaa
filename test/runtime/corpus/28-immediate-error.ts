// A TypeScript program that throws from a setImmediate callback: stderr must match Node 24's
// own type stripping, frame for frame.
type Reason = { code: number };
function explode(reason: Reason): never { throw new RangeError(`code ${reason.code}`); }
setImmediate((): void => { explode({ code: 7 }); });
console.log('scheduled');
