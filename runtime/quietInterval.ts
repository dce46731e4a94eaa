/**
 * A periodic callback that is not one of Node's timers, and does not keep the process alive.
 * An unref'd setInterval would do the latter, but when it falls due together with a timer of the
 * program, Node runs the program's microtasks between the two callbacks from JavaScript
 * (processTimers → runNextTicks), and an error thrown there carries those two internal frames
 * in its stack where it would carry none: a visible change. Atomics.waitAsync's timeout is a task
 * of V8's own, run outside Node's timer lists.
 */
type WaitAsync = (cell: Int32Array, index: number, value: number, timeoutMs: number) => { async: boolean; value: Promise<unknown> | string };

export function quietInterval(ms: number, callback: () => void, then: typeof Promise.prototype.then): void {
  const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
  if (typeof waitAsync !== 'function') {
    setInterval(callback, ms).unref();
    return;
  }
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const arm = (): void => {
    const wait = waitAsync(cell, 0, 0, ms);
    if (wait.async) then.call(wait.value as Promise<unknown>, tick);
  };
  const tick = (): void => {
    callback();
    arm();
  };
  arm();
}
