// Concise async arrow bodies: object literals, sequences, nested arrows, comments with "=>" in
// odd places, awaits as the whole body, arrows in default parameters.
const log = (...a) => console.log(...a);
const obj = async () => ({ a: 1, b: [2] });
const seq = async (x) => (log('seq side effect'), x + 1);
const nested = async () => async () => ({ inner: true });
const commented = async () => /* => a comment with an arrow */ 'commented';
const commented2 = async () => // => line comment
  ({ line: 'comment' });
const bodyAwait = async (p) => await p;
const awaitAwait = async (p) => await await p;
const chain = async (n) => n <= 0 ? 'bottom' : chain(n - 1);
const withDefault = async (f = async () => 'default fn') => f();
const ternary = async (c) => c ? { yes: 1 } : { no: 0 };
const nameTest = { prop: async () => 1 };
async function main() {
  log(await obj(), await seq(1), await (await nested())(), await commented(), await commented2());
  log(await bodyAwait(Promise.resolve('bp')), await awaitAwait(Promise.resolve('aa')), await chain(3));
  log(await withDefault(), await ternary(true), await ternary(false));
  log(obj.name, seq.name, nested.name, nameTest.prop.name, seq.length);
}
main();
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3')).then(() => log('m4'));
