/**
 * What the loop does, seen without async_hooks (which would cost 2x). Timer and immediate
 * callbacks announce their turn before they run, in one of two ways:
 * - a native callback (the `resolve` of `new Promise(r => setTimeout(r, ms))`, by far the
 *   most common) is wrapped: it cannot throw, so no stack trace can show the wrapper;
 * - any other callback stays untouched and the Timeout/Immediate gets an accessor for the
 *   property Node reads right before calling it, so stack traces stay exactly the same.
 *   (Slower: the handle becomes a dictionary object; only user callbacks pay that.)
 * Promises made by combinators, timers/promises and fs/promises are tagged so a task
 * suspended on one can say what it waits on.
 */
import { executionAsyncResource } from 'node:async_hooks';
import { syncBuiltinESMExports } from 'node:module';
import { TurnKind, WaitKind } from '../protocol/events';
import { promiseTags, type Recorder } from './recorder';

type TimerFunction = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => object;

const functionToString = Function.prototype.toString;

/** Resolve functions and other builtins: anonymous, no prototype, native source. */
function isNativeCallback(callback: (...args: unknown[]) => void): boolean {
  return callback.name === '' && !Object.prototype.hasOwnProperty.call(callback, 'prototype') && functionToString.call(callback).endsWith('{ [native code] }');
}

function watchHandle(recorder: Recorder, handle: Record<string, unknown>, property: string, kind: TurnKind): void {
  const callback = handle[property];
  Object.defineProperty(handle, property, {
    configurable: true,
    enumerable: true,
    get() {
      // Node reads the property to check it (clearTimeout, the timer list) and then to call
      // it. Only the read made while this handle is the running resource is the call: start
      // the turn and turn the property back into plain data, so the stack frame keeps its
      // "[as _onTimeout]" name. An interval is watched again once its turn is over.
      if (executionAsyncResource() === handle) {
        Object.defineProperty(handle, property, { configurable: true, enumerable: true, writable: true, value: callback });
        recorder.beginTurn(kind, (callback as () => void).name || '<anonymous>', handle);
        if (kind === TurnKind.Interval) recorder.afterTurn(() => handle[property] === callback && watchHandle(recorder, handle, property, kind));
      }
      return callback;
    },
    set(value) {
      Object.defineProperty(handle, property, { configurable: true, enumerable: true, writable: true, value });
    },
  });
}

function announceTurns(recorder: Recorder, original: TimerFunction, property: '_onTimeout' | '_onImmediate', kind: TurnKind): TimerFunction {
  const wrapped = function (this: unknown, ...args: Parameters<TimerFunction>) {
    const callback = args[0];
    if (typeof callback !== 'function') return Reflect.apply(original, this, args);
    if (isNativeCallback(callback)) {
      args[0] = function (this: object) {
        recorder.beginTurn(kind, 'resolve', this);
        // eslint-disable-next-line prefer-rest-params -- forwards whatever Node passes, no copy
        return Reflect.apply(callback, this, arguments);
      };
      return Reflect.apply(original, this, args);
    }
    const handle = Reflect.apply(original, this, args) as Record<string, unknown>;
    watchHandle(recorder, handle, property, kind);
    return handle;
  };
  Object.defineProperty(wrapped, 'name', { value: original.name });
  Object.defineProperty(wrapped, 'length', { value: original.length });
  for (const key of Reflect.ownKeys(original)) {
    if (key !== 'name' && key !== 'length' && key !== 'prototype') {
      Object.defineProperty(wrapped, key, Object.getOwnPropertyDescriptor(original, key)!);
    }
  }
  return wrapped as TimerFunction;
}

function replace(target: object, key: string, value: unknown): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  if ('value' in descriptor) Object.defineProperty(target, key, { ...descriptor, value });
  else Object.defineProperty(target, key, { configurable: true, enumerable: descriptor.enumerable, writable: true, value });
}

function tagResults(target: Record<string, unknown>, names: string[], tag: WaitKind): void {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    // Fixed arity (all these take at most two arguments) keeps the wrapper cheap: no rest array.
    const tagged = {
      [name](this: unknown, a: unknown, _b?: unknown) {
        // eslint-disable-next-line prefer-rest-params -- a rest array would allocate on every call
        const result = (arguments.length <= 1 ? original.call(this, a) : original.apply(this, arguments)) as unknown;
        if (typeof result === 'object' && result !== null) promiseTags.set(result, -tag);
        return result;
      },
    }[name];
    Object.defineProperty(tagged, 'length', { value: original.length });
    replace(target, name, tagged);
  }
}

export function watchLoop(recorder: Recorder): void {
  // The real module objects (not bundler namespace copies): patching them is what user code sees.
  const timers = require('node:timers') as typeof import('node:timers');
  const timersPromises = require('node:timers/promises') as typeof import('node:timers/promises');
  const fsPromises = require('node:fs/promises') as typeof import('node:fs/promises');
  const wrappedTimeout = announceTurns(recorder, timers.setTimeout as never, '_onTimeout', TurnKind.Timer);
  const wrappedInterval = announceTurns(recorder, timers.setInterval as never, '_onTimeout', TurnKind.Interval);
  const wrappedImmediate = announceTurns(recorder, timers.setImmediate as never, '_onImmediate', TurnKind.Immediate);
  for (const target of [globalThis, timers] as Record<string, unknown>[]) {
    replace(target, 'setTimeout', wrappedTimeout);
    replace(target, 'setInterval', wrappedInterval);
    replace(target, 'setImmediate', wrappedImmediate);
  }

  const promiseStatics = Promise as unknown as Record<string, unknown>;
  tagResults(promiseStatics, ['all'], WaitKind.All);
  tagResults(promiseStatics, ['allSettled'], WaitKind.AllSettled);
  tagResults(promiseStatics, ['race'], WaitKind.Race);
  tagResults(promiseStatics, ['any'], WaitKind.Any);
  tagResults(timersPromises as never, ['setTimeout', 'setImmediate'], WaitKind.Timer);
  tagResults(fsPromises as never, ['readFile', 'writeFile', 'appendFile', 'open', 'readdir', 'stat', 'lstat', 'access', 'mkdir', 'rm', 'unlink', 'copyFile', 'rename', 'realpath'], WaitKind.Io);
  // ESM named imports of builtins are copies; bring them in line with the patched objects.
  syncBuiltinESMExports();
}
