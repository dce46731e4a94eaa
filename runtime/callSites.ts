/**
 * Where tasks are created: the caller's line, read from a stack trace. A stack trace costs
 * tens of microseconds, so only the first few instances of each coroutine function are
 * sampled; a program calling one function from many places still gets every place that
 * appears among those samples, and hot functions pay nothing after the first calls.
 */
import type { Site } from '../protocol/events';

const FRAME = /(?:at (?:async )?(.*?) \()?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?$/;
/** Dynamic call sites get ids of their own range, apart from load-time sites. */
const CALL_SITE_BASE = 1 << 28;

export class CallSiteSampler {
  /**
   * Samples taken per definition site, in a typed array rather than a Map: this is on every
   * task creation. Sites of the loader thread (ids from 2^24) get the upper half; two sites
   * sharing a slot (more than 65,536 in one thread) only share their sample budget.
   */
  private readonly samples = new Uint8Array(1 << 17);
  private readonly ids = new Map<string, number>();
  private nextId = CALL_SITE_BASE;
  /** Node's own formatter (installed with source maps); anything else is the user's. */
  private nodeFormatter: unknown;

  constructor(
    private readonly perSite: number,
    private readonly onSite: (site: Site) => void,
    /** Frames above and including this function are left out (the probe itself). */
    private readonly probe: (...args: never[]) => unknown,
  ) {}

  /** Called once source maps are on: the formatter present now is Node's, safe to use. */
  trustFormatter(formatter: unknown): void {
    this.nodeFormatter = formatter;
  }

  /** Site id of the call that is creating a task of `defSite`, or -1 (not sampled / unknown). */
  sample(defSite: number): number {
    const slot = (defSite & 0xffff) | (defSite >= 1 << 24 ? 0x10000 : 0);
    if (this.samples[slot] >= this.perSite) return -1;
    this.samples[slot]++;
    // A user's prepareStackTrace would run our capture through their code: stay out.
    if (Error.prepareStackTrace !== undefined && Error.prepareStackTrace !== this.nodeFormatter) return -1;
    const limit = Error.stackTraceLimit;
    const holder: { stack?: string } = {};
    try {
      Error.stackTraceLimit = 4;
      Error.captureStackTrace(holder, this.probe);
    } finally {
      Error.stackTraceLimit = limit;
    }
    // Frame 0 is the coroutine itself; the first user frame after it is the caller
    // (generators have `Generator.next` in between).
    const frames = (holder.stack ?? '').split('\n').slice(2);
    for (const frame of frames) {
      const match = FRAME.exec(frame.trim());
      if (!match || match[2].startsWith('node:')) continue;
      return this.siteFor(match[1] ?? '', match[2], Number(match[3]), Number(match[4]));
    }
    return -1;
  }

  private siteFor(caller: string, location: string, line: number, column: number): number {
    const file = location.startsWith('file://') ? decodeURIComponent(new URL(location).pathname) : location;
    const key = `${file}:${line}:${column}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
      this.onSite({ id, kind: 'call', name: caller ? `call in ${caller}` : 'call', file, line, column });
    }
    return id;
  }
}
