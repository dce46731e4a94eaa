/**
 * What the loop does, seen without async_hooks (which would cost 2x): timer and immediate
 * callbacks announce their turn through an accessor on the Timeout/Immediate object, which
 * Node reads right before calling the callback, so no wrapper frame ever enters a stack
 * trace. Promises made by combinators, timers/promises and fs/promises are tagged so a task
 * suspended on one can say what it waits on.
 */
import { executionAsyncResource } from 'node:async_hooks';
import { syncBuiltinESMExports } from 'node:module';
import { TurnKind, WaitKind } from '../protocol/events';
import { promiseTags, type Recorder } from './recorder';

type TimerFunction = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => object;

function announceTurns(recorder: Recorder, original: TimerFunction, property: '_onTimeout' | '_onImmediate', kind: (handle: object) => TurnKind): TimerFunction {
  const wrapped = function (this: unknown, ...args: Parameters<TimerFunction>) {
    const handle = Reflect.apply(original, this, args) as Record<string, unknown>;
    if (typeof args[0] !== 'function') return handle;
    let callback = handle[property];
    Object.defineProperty(handle, property, {
      configurable: true,
      enumerable: true,
      get() {
        // Node reads the property once to check it and once to call it; only the read made
        // while this very handle is the running resource starts a turn (not clearTimeout's).
        if (callback && executionAsyncResource() === handle && !recorder.isTurnOf(handle)) {
          recorder.beginTurn(kind(handle), (callback as () => void).name || '<anonymous>', handle);
        }
        return callback;
      },
      set(value) {
        callback = value;
      },
    });
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
  const timerKind = (handle: object): TurnKind => ((handle as { _repeat?: unknown })._repeat ? TurnKind.Interval : TurnKind.Timer);
  const wrappedTimeout = announceTurns(recorder, timers.setTimeout as never, '_onTimeout', timerKind);
  const wrappedInterval = announceTurns(recorder, timers.setInterval as never, '_onTimeout', timerKind);
  const wrappedImmediate = announceTurns(recorder, timers.setImmediate as never, '_onImmediate', () => TurnKind.Immediate);
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
