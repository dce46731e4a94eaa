/**
 * Where tasks are created: the caller's line, read from a stack trace. Only the first few
 * instances of each coroutine function are sampled; a program calling one function from many
 * places still gets every place that appears among those samples, and hot functions pay
 * nothing after the first calls.
 *
 * The trace is taken as V8's CallSite objects, not as text: formatting a stack runs Node's
 * source-map formatter over every frame (URLs, the map lookups, string building), which was a
 * twentieth of producer-consumer's first run. Here only a caller position not seen before is
 * mapped to the user's source, once, and through the transform's own map where there is one
 * (see lineIndexedMap.ts).
 */
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Site } from '../protocol/events';
import { LineIndexedMap } from './lineIndexedMap';

/** Dynamic call sites get ids of their own range, apart from load-time sites. */
const CALL_SITE_BASE = 1 << 28;

/**
 * Slot of a definition site in the per-site arrays (here and the recorder's sampling counts):
 * sites of the loader thread (ids from 2^24) get the upper half of 2^17 slots.
 */
export function siteSlot(site: number): number {
  return (site & 0xffff) | (site >= 1 << 24 ? 0x10000 : 0);
}

/**
 * Source maps of the files the shim transformed, by the name V8 gives their frames: a path, or
 * a URL for ES modules. Files the shim did not transform are looked up with Node's reader.
 */
const ownSourceMaps = new Map<string, LineIndexedMap>();

/** Where the transform hands each file's source map: rememberSourceMap here, or a hooks thread's sender. */
export type SourceMapSink = (scriptName: string, map: LineIndexedMap) => void;

export function rememberSourceMap(scriptName: string, map: LineIndexedMap): void {
  ownSourceMaps.set(scriptName, map);
}

/** What Node's hooks thread (Node 20 and 22) sends for each ES module it transformed. */
export interface SourceMapMessage {
  scriptName: string;
  mappings: string;
  lines: Int32Array;
}

/**
 * The port on which Node's hooks thread sends its modules' maps. Read synchronously when a call
 * site needs a map, not with a listener: a module's message is queued before its code reaches
 * this thread, and nothing waits on the event loop.
 */
let hooksThreadMaps: MessagePort | undefined;

export function receiveSourceMapsOn(port: MessagePort): void {
  hooksThreadMaps = port;
}

function ownSourceMap(scriptName: string): LineIndexedMap | undefined {
  if (hooksThreadMaps && !ownSourceMaps.has(scriptName)) {
    for (let message; (message = receiveMessageOnPort(hooksThreadMaps)); ) {
      const { scriptName: name, mappings, lines } = message.message as SourceMapMessage;
      ownSourceMaps.set(name, new LineIndexedMap(mappings, lines));
    }
  }
  return ownSourceMaps.get(scriptName);
}

/** A prepareStackTrace that hands back V8's frames as they are. */
const framesAsTheyAre = (_error: Error, frames: NodeJS.CallSite[]): NodeJS.CallSite[] => frames;

export class CallSiteSampler {
  /**
   * Samples taken per definition site, in a typed array rather than a Map: this is on every
   * task creation. Sites of the loader thread (ids from 2^24) get the upper half; two sites
   * sharing a slot (more than 65,536 in one thread) only share their sample budget.
   */
  private readonly samples = new Uint8Array(1 << 17);
  /** Call-site id per position in the running (generated) code, `file:line:column`. */
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

  /** Called once source maps are on: the formatter present now is Node's, safe to replace for a moment. */
  trustFormatter(formatter: unknown): void {
    this.nodeFormatter = formatter;
  }

  /** Site id of the call that is creating a task of `defSite`, or -1 (not sampled / unknown). */
  sample(defSite: number): number {
    const slot = siteSlot(defSite);
    if (this.samples[slot] >= this.perSite) return -1;
    this.samples[slot]++;
    const formatter = Error.prepareStackTrace;
    // A user's prepareStackTrace may be watching what passes through it: stay out.
    if (formatter !== undefined && formatter !== this.nodeFormatter) return -1;
    const limit = Error.stackTraceLimit;
    const holder: { stack?: unknown } = {};
    let frames: unknown;
    try {
      Error.stackTraceLimit = 4;
      Error.prepareStackTrace = framesAsTheyAre;
      Error.captureStackTrace(holder, this.probe);
      // Read here: V8 prepares the stack lazily, on the first read.
      frames = holder.stack;
    } finally {
      Error.prepareStackTrace = formatter;
      Error.stackTraceLimit = limit;
    }
    if (!Array.isArray(frames)) return -1;
    // Frame 0 is the coroutine itself; the first user frame after it is the caller
    // (generators have a native `Generator.next` in between).
    for (let i = 1; i < frames.length; i++) {
      const frame = frames[i] as NodeJS.CallSite;
      const file = frame.getFileName();
      if (!file || file.startsWith('node:')) continue;
      return this.siteFor(frame, file);
    }
    return -1;
  }

  private siteFor(frame: NodeJS.CallSite, file: string): number {
    const line = frame.getLineNumber() ?? 0;
    const column = frame.getColumnNumber() ?? 0;
    const key = `${file}:${line}:${column}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(key, id);
      this.onSite({ id, kind: 'call', name: `call in ${callerName(frame)}`, ...originalPosition(file, line, column) });
    }
    return id;
  }
}

/** `file`'s position `line:column` (1-based) in the user's own source, through the file's source map. */
function originalPosition(file: string, line: number, column: number): Pick<Site, 'file' | 'line' | 'column'> {
  const own = ownSourceMap(file);
  if (own) {
    // The map's only source is the file itself.
    const original = own.originalPosition(line, column);
    return { file: asPath(file), line: original?.line ?? line, column: original?.column ?? column };
  }
  const entry = findSourceMap(file)?.findEntry(line - 1, column - 1);
  if (entry && 'originalSource' in entry && entry.originalSource) {
    return { file: asPath(entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  }
  return { file: asPath(file), line, column };
}

function asPath(location: string): string {
  return location.startsWith('file://') ? fileURLToPath(location) : location;
}

/** What V8 prints for a frame's function: `name`, `Type.name` for a method, `<anonymous>` without a name. */
function callerName(frame: NodeJS.CallSite): string {
  const name = frame.getFunctionName() || '<anonymous>';
  if (frame.isToplevel()) return name;
  if (frame.isConstructor()) return `new ${name}`;
  const type = frame.getTypeName();
  return type && !name.startsWith(`${type}.`) ? `${type}.${name}` : name;
}
