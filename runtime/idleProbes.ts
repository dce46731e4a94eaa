/**
 * Probes that do nothing but hand back their operand: `__covis` where files are instrumented
 * (for TypeScript support) but nothing is recorded, and in tests that run instrumented code.
 * The same names and shapes as the Recorder's probes.
 */
export const idleProbes = {
  sites() {},
  enter: () => 0,
  aw: <T>(_t: number, _s: number, v: T) => v,
  ac: <T>(_t: number, _s: number, _c: number, v: T) => v,
  nextTask: 0,
  tc: <T>(_c: number, v: T) => v,
  rs: <T>(_t: number, v?: T) => v,
  yd: <T>(_t: number, _s: number, v: T) => v,
  fa: <T>(_t: number, _s: number, v?: T) => v,
  rv: <T>(_t: number, v: T) => v,
  rd: <T>(_t: number, v?: T) => v,
  fail: (_t: number, e: unknown) => e,
  done() {},
};
