/**
 * What kind of macrotask is running, read from Node's current async resource. It names the
 * turn when the first probe of a turn runs synchronously inside a timer or immediate callback;
 * inside a microtask (resource id 0) the macrotask is already over and nothing can be told.
 */
import { executionAsyncId, executionAsyncResource } from 'node:async_hooks';
import { TurnKind } from '../protocol/events';

const timeoutProto = Object.getPrototypeOf(setTimeout(() => {}, 0).unref()) as object;
const immediate = setImmediate(() => {});
const immediateProto = Object.getPrototypeOf(immediate) as object;
clearImmediate(immediate);

export function runningTurnKind(fallback: TurnKind): TurnKind {
  if (executionAsyncId() === 0) return fallback;
  const proto = Object.getPrototypeOf(executionAsyncResource()) as object | null;
  if (proto === timeoutProto) return (executionAsyncResource() as { _repeat?: unknown })._repeat ? TurnKind.Interval : TurnKind.Timer;
  if (proto === immediateProto) return TurnKind.Immediate;
  return fallback;
}

/** True while a microtask or nextTick-free checkpoint runs (no macrotask resource on the stack). */
export function inMicrotask(): boolean {
  return executionAsyncId() === 0;
}
