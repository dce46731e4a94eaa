// Default parameters (evaluated before the body), destructuring, rest, `arguments` with defaults.
const log = (...a) => console.log(...a);
let counter = 0;
const next = () => ++counter;
async function f(a = next(), { b = next(), ...rest } = {}, [c = next()] = [], ...more) {
  log('f start', a, b, rest, c, more, arguments.length);
  await null;
  return a + b + c;
}
async function g(x, y = x * 2, z = (async () => y + 1)()) { return [x, y, await z]; }
function* gen(start = next()) { yield start; yield next(); }
async function main() {
  log(await f());
  log(await f(10, { b: 20, extra: true }, [30], 'm1', 'm2'));
  log(await g(2));
  log([...gen()], [...gen(100)]);
}
main();
log('sync end', counter);
