/**
 * Probes that do nothing but hand back their operand: `__covis` where files are instrumented
 * (for TypeScript support) but nothing is recorded, and in tests that run instrumented code.
 * The same contract as the Recorder (probes.ts).
 */
import type { Probes } from './probes';

export const idleProbes: Probes = {
  sites() {},
  enter: () => 0,
  aw: <T>(_t: number, _s: number, v: T) => v,
  ac: <T>(_t: number, _s: number, _c: number, v: T) => v,
  nextTask: 0,
  tc: <T>(_c: number, v: T) => v,
  rs: <T>(_t: number, v?: T) => v as T,
  yd: <T>(_t: number, _s: number, v: T) => v,
  fa: <T>(_t: number, _s: number, v?: T) => v as T,
  rv: <T>(_t: number, v: T) => v,
  rd: <T>(_t: number, v?: T) => v as T,
  fail: (_t: number, e: unknown) => e,
  done() {},
};
