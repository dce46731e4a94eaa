/**
 * Node runs `--require`/`--import` preloads in its module-hooks thread as well, where the shim
 * has nothing to do: evaluating it there (400 KB, and on Node 20 registering a second copy of
 * our hooks) delays the program's start, since module.register waits for that thread.
 * Node >= 22.14 says which thread it is (isInternalThread); Node 20 does not, so register()
 * marks the environment while it starts the thread, which copies the environment it is
 * started with. The mark is gone before user code runs: no worker or child of theirs sees it.
 */
const MARK = 'COVIS_HOOKS_THREAD';

export function inHooksThread(): boolean {
  const { isInternalThread } = require('node:worker_threads') as { isInternalThread?: boolean };
  return isInternalThread === true || process.env[MARK] === '1';
}

/** Runs `start` (the call that may start Node's hooks thread) with the mark set. */
export function markingHooksThread<T>(start: () => T): T {
  process.env[MARK] = '1';
  try {
    return start();
  } finally {
    delete process.env[MARK];
  }
}
