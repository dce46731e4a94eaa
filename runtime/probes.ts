/**
 * The contract between instrumented code and the recorder: the calls instrument.ts writes into
 * the user's code (under the names in PROBE, on the PROBES_GLOBAL object), which Recorder
 * implements and idleProbes answers without recording. Every probe hands back its operand, so
 * `await x` still awaits the very same `x`. Names are short: they appear in the user's code.
 */
import type { SiteTuple } from './instrument';

export interface Probes {
  /** The sites of one instrumented file (its first statement). */
  sites(file: string, tuples: SiteTuple[]): void;
  /** A coroutine's body begins: its task id. */
  enter(site: number): number;
  /** `await value` suspends `task` at `site`. */
  aw<T>(task: number, site: number, value: T): T;
  /** `await call()` where the call may have made a task (`candidate` is the next task id before it). */
  ac<T>(task: number, site: number, candidate: number, value: T): T;
  /** The id the next task will get (read before a kept call). */
  readonly nextTask: number;
  /** A kept call's result: the promise of the task it made, if any. */
  tc<T>(candidate: number, value: T): T;
  /** `task` runs again (after an await or yield; a no-op when it already runs). */
  rs<T>(task: number, value?: T): T;
  /** A generator yields `value` at `site`. */
  yd<T>(task: number, site: number, value: T): T;
  /** `for await` at `site` waits for the next value (or leaves the loop, without `iterable`). */
  fa<T>(task: number, site: number, iterable?: T): T;
  /** A function that completes later returns `value` (an async generator's return). */
  rv<T>(task: number, value: T): T;
  /** `task` completes by returning `value`. */
  rd<T>(task: number, value?: T): T;
  /** `task` throws `error` (handed back to be rethrown). */
  fail(task: number, error: unknown): unknown;
  /** `task`'s body has been left (by returning, throwing or finishing). */
  done(task: number): void;
}

export const PROBES_GLOBAL = '__covis';

/** What each probe is for → its name in instrumented code. */
export const PROBE = {
  sites: 'sites',
  enter: 'enter',
  await: 'aw',
  awaitCall: 'ac',
  nextTask: 'nextTask',
  keptCall: 'tc',
  resume: 'rs',
  yield: 'yd',
  forAwait: 'fa',
  returnLater: 'rv',
  returned: 'rd',
  fail: 'fail',
  done: 'done',
} as const satisfies Record<string, keyof Probes>;
