/**
 * Short, cheap descriptions of values and errors for the trace ("42", "Error: boom", "Array(3)").
 * Nothing here may be observable by the program: no getter is called, no Proxy trap runs, no
 * `instanceof` (which walks prototypes through traps and throws on a revoked Proxy). Values are
 * looked at through data-property descriptors only.
 */
import { types } from 'node:util';

const MAX = 80;
const PROXY = 'Proxy {…}';

function clip(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/**
 * `value[key]` if it is a data property on `value` or its prototypes; undefined for getters,
 * proxies anywhere on the chain, or exotic objects that throw (a module namespace in its TDZ).
 */
export function peek(value: object, key: PropertyKey): unknown {
  try {
    let o: object | null = value;
    for (let depth = 0; o !== null && depth < 64; depth++) {
      if (types.isProxy(o)) return undefined;
      const descriptor = Reflect.getOwnPropertyDescriptor(o, key);
      if (descriptor) return 'value' in descriptor ? descriptor.value : undefined;
      o = Reflect.getPrototypeOf(o);
    }
  } catch {
    // fall through: nothing we may read
  }
  return undefined;
}

/** Error.prototype is on the chain (checked without Proxy traps or Symbol.hasInstance). */
export function isError(value: object): boolean {
  if (types.isNativeError(value)) return true;
  try {
    for (let o: object | null = value; o !== null; o = Reflect.getPrototypeOf(o)) {
      if (types.isProxy(o)) return false;
      if (o === Error.prototype) return true;
    }
  } catch {
    // an exotic object: not an error we can describe
  }
  return false;
}

/** A non-promise object that `await` would treat as a thenable, decided without reading `then` through a getter. */
export function looksThenable(value: object): boolean {
  if (types.isProxy(value)) return true;
  try {
    for (let o: object | null = value; o !== null; o = Reflect.getPrototypeOf(o)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(o, 'then');
      if (descriptor) return 'value' in descriptor ? typeof descriptor.value === 'function' : true;
    }
  } catch {
    // exotic object
  }
  return false;
}

export function summarizeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return clip(JSON.stringify(value));
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'symbol':
      return clip(value.toString());
    case 'function': {
      if (types.isProxy(value)) return PROXY;
      const name = peek(value, 'name');
      return `function ${typeof name === 'string' && name ? name : '<anonymous>'}`;
    }
  }
  if (value === null) return 'null';
  const object = value as object;
  if (types.isProxy(object)) return PROXY;
  if (isError(object)) return summarizeError(object);
  if (Array.isArray(object)) return `Array(${(object as unknown[]).length})`;
  const ctor = peek(object, 'constructor');
  const name = typeof ctor === 'function' && ctor !== Object ? peek(ctor, 'name') : undefined;
  return typeof ctor === 'function' && ctor !== Object ? `${typeof name === 'string' && name ? name : 'object'} {…}` : '{…}';
}

export function summarizeError(error: unknown): string {
  if (typeof error === 'object' && error !== null && !types.isProxy(error) && isError(error)) {
    const name = peek(error, 'name');
    const message = peek(error, 'message');
    return clip(`${typeof name === 'string' ? name : 'Error'}: ${typeof message === 'string' ? message : ''}`);
  }
  return `thrown ${summarizeValue(error)}`;
}
