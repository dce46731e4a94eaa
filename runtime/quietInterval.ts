/**
 * Callbacks, once or periodic, that are not Node's timers and do not keep the process alive.
 * An unref'd setInterval would do the latter, but when it falls due together with a timer of the
 * program, Node runs the program's microtasks between the two callbacks from JavaScript
 * (processTimers → runNextTicks), and an error thrown there carries those two internal frames
 * in its stack where it would carry none: a visible change. Atomics.waitAsync's timeout is a task
 * of V8's own, run outside Node's timer lists.
 */
type WaitAsync = (cell: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<unknown> | string };

function waitAsyncOf(): WaitAsync | undefined {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  return typeof waitAsync === 'function' ? waitAsync : undefined;
}

/** Calls `callback` once, `ms` from now (an unref'd timer where Atomics.waitAsync is missing). */
export function quietTimeout(ms: number, callback: () => void, then: typeof Promise.prototype.then): void {
  const waitAsync = waitAsyncOf();
  if (!waitAsync) {
    setTimeout(callback, ms).unref();
    return;
  }
  const wait = waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  if (wait.async) then.call(wait.value as Promise<unknown>, callback);
}

/** Calls `callback` every `ms`. */
export function quietInterval(ms: number, callback: () => void, then: typeof Promise.prototype.then): void {
  const tick = (): void => {
    callback();
    quietTimeout(ms, tick, then);
  };
  quietTimeout(ms, tick, then);
}
