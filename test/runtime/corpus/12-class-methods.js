// Async methods of every shape: class, static, private, getters returning tasks, object literal
// methods, computed keys; `this`, `arguments`, `super` and `new.target`-free constructors.
const log = (...a) => console.log(...a);
class Base { async greet() { await null; return 'base greet ' + this.name; } }
class Service extends Base {
  #secret = 's3cret';
  static instances = 0;
  name = 'svc';
  constructor() { super(); Service.instances++; }
  async greet() { const b = await super.greet(); return b + ' / derived'; }
  async #hidden(x) { await null; return this.#secret + x; }
  async callHidden() { return this.#hidden('!'); }
  static async create() { await null; return new this(); }
  static async #staticPrivate() { return 'static private ' + this.instances; }
  static callStaticPrivate() { return Service.#staticPrivate(); }
  get later() { return (async () => { await null; return 'getter ' + this.name; })(); }
  async args() { await null; return [arguments.length, ...arguments].join(','); }
  async *gen() { yield this.name; yield arguments[0]; }
  async ['computed' + 'Name']() { return 'computed'; }
  async 'string key'() { return 'string'; }
  async 42() { return 'numeric'; }
}
const obj = {
  name: 'obj',
  async method() { await null; return this.name; },
  arrow: async () => typeof this,
  async *agen() { yield* [1, 2]; },
  nested: { async deep() { return 'deep'; } },
};
async function main() {
  const s = await Service.create();
  log(await s.greet());
  log(await s.callHidden());
  log(await Service.callStaticPrivate());
  log(await s.later);
  log(await s.args(1, 'two', 3));
  const out = []; for await (const v of s.gen('arg0')) out.push(v); log(out);
  log(await s.computedName(), await s['string key'](), await s[42]());
  log(await obj.method(), await obj.arrow(), await obj.nested.deep());
  const unbound = obj.method; log(await unbound.call({ name: 'other' }));
  for await (const v of obj.agen()) log('agen', v);
  log(Service.prototype.greet.name, Service.create.name, obj.method.name, obj.arrow.name, s.gen.name);
  log(Service.prototype.args.length, obj.method.toString().length > 0);
}
main();
Promise.resolve().then(() => log('m1')).then(() => log('m2')).then(() => log('m3'));
