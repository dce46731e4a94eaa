/**
 * What the loop does, seen without async_hooks (which would cost 2x). A native timer or
 * immediate callback (the `resolve` of `new Promise(r => setTimeout(r, ms))`, by far the most
 * common) is wrapped to announce its turn: it cannot throw, so no stack trace can show the
 * wrapper. User callbacks stay untouched (an accessor on the handle was tried: it kept stacks
 * but made every handle a dictionary object, doubling the cost of timer-heavy programs); their
 * turn is named by its first probe. Promises made by combinators, timers/promises and
 * fs/promises are tagged so a task suspended on one can say what it waits on.
 */
import { syncBuiltinESMExports } from 'node:module';
import { TurnKind, WaitKind } from '../protocol/events';
import { promiseTags, type Recorder } from './recorder';

type TimerFunction = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => object;

const functionToString = Function.prototype.toString;

/** Resolve functions and other builtins: anonymous, no prototype, native source. */
function isNativeCallback(callback: (...args: unknown[]) => void): boolean {
  return callback.name === '' && !Object.prototype.hasOwnProperty.call(callback, 'prototype') && functionToString.call(callback).endsWith('{ [native code] }');
}

function announceTurns(recorder: Recorder, original: TimerFunction, kind: TurnKind): TimerFunction {
  const resolveLabel = recorder.strings.intern('resolve');
  // Fixed parameters and `arguments` only on the rare extra-arguments path: no array per call.
  const wrapped = function (this: unknown, callback: unknown, delay?: unknown) {
    if (typeof callback !== 'function' || !isNativeCallback(callback as () => void)) {
      // A user callback stays untouched, so its stack traces stay exactly as without the shim;
      // its turn is named when its first probe runs (runningTurnKind in recorder.ts).
      // Exactly the arguments given: setImmediate(cb) and setImmediate(cb, undefined) differ.
      if (arguments.length === 1) return original.call(this, callback as never);
      // eslint-disable-next-line prefer-rest-params -- forwards whatever the caller passed
      return arguments.length === 2 ? original.call(this, callback as never, delay) : Reflect.apply(original, this, arguments);
    }
    const announced = function (this: object, value?: unknown) {
      recorder.beginTurn(kind, resolveLabel, true);
      // eslint-disable-next-line prefer-rest-params -- extra timer arguments, rare
      const result = arguments.length <= 1 ? (callback as (v?: unknown) => unknown).call(this, value) : Reflect.apply(callback as () => unknown, this, arguments);
      recorder.callbackReturned();
      return result;
    };
    if (arguments.length === 1) return original.call(this, announced);
    if (arguments.length === 2) return original.call(this, announced, delay);
    // eslint-disable-next-line prefer-rest-params -- extra timer arguments, rare
    const args = Array.prototype.slice.call(arguments);
    args[0] = announced;
    return Reflect.apply(original, this, args);
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

export function replace(target: object, key: string, value: unknown): void {
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

/**
 * `announceTimers: false` (sampled recording) leaves timers alone: turns then appear only where
 * a recorded task runs, opened by its first event, which is all a sampled trace needs.
 */
export function watchLoop(recorder: Recorder, { announceTimers }: { announceTimers: boolean }): void {
  // The real module objects (not bundler namespace copies): patching them is what user code sees.
  const timers = require('node:timers') as typeof import('node:timers');
  const timersPromises = require('node:timers/promises') as typeof import('node:timers/promises');
  const fsPromises = require('node:fs/promises') as typeof import('node:fs/promises');
  if (announceTimers) {
    const wrappedTimeout = announceTurns(recorder, timers.setTimeout as never, TurnKind.Timer);
    const wrappedInterval = announceTurns(recorder, timers.setInterval as never, TurnKind.Interval);
    const wrappedImmediate = announceTurns(recorder, timers.setImmediate as never, TurnKind.Immediate);
    for (const target of [globalThis, timers] as Record<string, unknown>[]) {
      replace(target, 'setTimeout', wrappedTimeout);
      replace(target, 'setInterval', wrappedInterval);
      replace(target, 'setImmediate', wrappedImmediate);
    }
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
