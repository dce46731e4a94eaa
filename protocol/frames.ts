/**
 * Binary framing of the event stream. The same bytes travel over the live pipe and make up
 * a saved `.covis` trace file:
 *
 *   magic "COVIS" + u8 protocol version, then frames of  u32le bodyLength | u8 FrameType | body
 *
 * JSON bodies for the rare messages, typed-array columns for event batches (see docs/protocol.md).
 */
import { EventBatch, Frame, FrameType, PROTOCOL_VERSION } from './events';

export const MAGIC = [0x43, 0x4f, 0x56, 0x49, 0x53]; // "COVIS"
export const HEADER_LENGTH = MAGIC.length + 1;
const FRAME_HEAD = 5;
/** Bytes per event in a batch body: f64 time + 4 × i32 + u8 kind. */
export const BYTES_PER_EVENT = 8 + 4 * 4 + 1;
/** A frame larger than this is corruption, not data (a batch is at most a few MB). */
const MAX_FRAME = 256 * 1024 * 1024;

export class TraceFormatError extends Error {
  override name = 'TraceFormatError';
}

export function encodeHeader(version = PROTOCOL_VERSION): Uint8Array {
  return Uint8Array.from([...MAGIC, version]);
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

function frame(type: FrameType, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEAD + body.length);
  new DataView(out.buffer).setUint32(0, body.length, true);
  out[4] = type;
  out.set(body, FRAME_HEAD);
  return out;
}

export function encodeJsonFrame(type: Exclude<FrameType, FrameType.Events>, value: unknown): Uint8Array {
  return frame(type, textEncoder.encode(JSON.stringify(value)));
}

/**
 * The pieces of an events frame (frame head + count, then each column) as views over the
 * caller's buffers: the recorder writes them one after another without copying.
 */
export function eventsFrameParts(batch: EventBatch): Uint8Array[] {
  const n = batch.count;
  // Body layout: u32 count, u32 pad, then time (8-aligned), task, site, arg, arg2, kind.
  const head = new Uint8Array(FRAME_HEAD + 8);
  const view = new DataView(head.buffer);
  view.setUint32(0, 8 + n * BYTES_PER_EVENT, true);
  head[4] = FrameType.Events;
  view.setUint32(FRAME_HEAD, n, true);
  const bytes = (column: ArrayBufferView, bytesPer: number): Uint8Array => new Uint8Array(column.buffer, column.byteOffset, n * bytesPer);
  return [head, bytes(batch.time, 8), bytes(batch.task, 4), bytes(batch.site, 4), bytes(batch.arg, 4), bytes(batch.arg2, 4), bytes(batch.kind, 1)];
}

/** Encodes the first `count` events of the columns; columns may be longer (the recorder's buffers). */
export function encodeEventsFrame(batch: EventBatch): Uint8Array {
  const parts = eventsFrameParts(batch);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function decodeEvents(body: Uint8Array): EventBatch {
  // Copy once so every column is aligned whatever the body's offset in the incoming chunk
  // (not body.slice(): on a Node Buffer that is a view, not a copy).
  const own = new Uint8Array(body.length);
  own.set(body);
  const count = new DataView(own.buffer).getUint32(0, true);
  if (own.length !== 8 + count * BYTES_PER_EVENT) {
    throw new TraceFormatError(`event batch says ${count} events but holds ${own.length} bytes`);
  }
  let offset = 8;
  const take = <T>(make: (buffer: ArrayBuffer, at: number, n: number) => T, bytesPer: number): T => {
    const column = make(own.buffer, offset, count);
    offset += count * bytesPer;
    return column;
  };
  const time = take((b, at, n) => new Float64Array(b, at, n), 8);
  const task = take((b, at, n) => new Int32Array(b, at, n), 4);
  const site = take((b, at, n) => new Int32Array(b, at, n), 4);
  const arg = take((b, at, n) => new Int32Array(b, at, n), 4);
  const arg2 = take((b, at, n) => new Int32Array(b, at, n), 4);
  const kind = take((b, at, n) => new Uint8Array(b, at, n), 1);
  return { count, time, task, site, arg, arg2, kind };
}

/**
 * Wraps one whole encoded frame (length, type, body) of loop `loop` in a Loop frame: how the
 * collector puts the streams of several threads and processes into one trace.
 */
export function encodeLoopFrame(loop: number, inner: Uint8Array): Uint8Array {
  const out = new Uint8Array(FRAME_HEAD + 4 + inner.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 4 + inner.length, true);
  out[4] = FrameType.Loop;
  view.setUint32(FRAME_HEAD, loop, true);
  out.set(inner, FRAME_HEAD + 4);
  return out;
}

function decodeLoopFrame(body: Uint8Array): Frame {
  if (body.length < 4 + FRAME_HEAD) throw new TraceFormatError('loop frame too short to hold a frame');
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const loop = view.getUint32(0, true);
  const length = view.getUint32(4, true);
  const type = body[4 + 4];
  if (length !== body.length - 4 - FRAME_HEAD) throw new TraceFormatError(`loop frame holds ${body.length - 4 - FRAME_HEAD} bytes, its inner frame says ${length}`);
  if (type === FrameType.Loop) throw new TraceFormatError('loop frame inside a loop frame');
  const frame = decodeFrame(type, body.subarray(4 + FRAME_HEAD));
  frame.loop = loop;
  return frame;
}

function decodeFrame(type: number, body: Uint8Array): Frame {
  const json = (): unknown => {
    try {
      return JSON.parse(textDecoder.decode(body));
    } catch (error) {
      throw new TraceFormatError(`frame of type ${type} holds invalid JSON: ${(error as Error).message}`);
    }
  };
  switch (type) {
    case FrameType.Hello:
      return { type, hello: json() as never };
    case FrameType.Sites:
      return { type, sites: json() as never };
    case FrameType.Strings:
      return { type, strings: json() as never };
    case FrameType.Events:
      return { type, batch: decodeEvents(body) };
    case FrameType.End:
      return { type, end: json() as never };
    case FrameType.Loop:
      return decodeLoopFrame(body);
    default:
      throw new TraceFormatError(`unknown frame type ${type}: the file is corrupt or not a Coroutine Visualizer trace`);
  }
}

/**
 * Cuts a stream into whole encoded frames (views, not copies) without decoding them: the
 * collector re-wraps each loop's frames as they are. Checks the header.
 */
export class FrameSplitter {
  private pending: Uint8Array = new Uint8Array(0);
  private headerSeen = false;
  version = 0;

  push(chunk: Uint8Array): Uint8Array[] {
    this.pending = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const frames: Uint8Array[] = [];
    let at = 0;
    if (!this.headerSeen) {
      if (this.pending.length < HEADER_LENGTH) return frames;
      this.version = checkHeader(this.pending);
      this.headerSeen = true;
      at = HEADER_LENGTH;
    }
    const view = new DataView(this.pending.buffer, this.pending.byteOffset, this.pending.byteLength);
    while (this.pending.length - at >= FRAME_HEAD) {
      const length = view.getUint32(at, true);
      if (length > MAX_FRAME) throw new TraceFormatError(`frame length ${length} at byte ${at} is not plausible`);
      if (this.pending.length - at - FRAME_HEAD < length) break;
      frames.push(this.pending.subarray(at, at + FRAME_HEAD + length));
      at += FRAME_HEAD + length;
    }
    this.pending = this.pending.subarray(at);
    return frames;
  }

  get leftover(): number {
    return this.pending.length;
  }
}

/** The version a stream's header declares; throws on anything that is not a trace we can read. */
function checkHeader(bytes: Uint8Array): number {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new TraceFormatError('not a Coroutine Visualizer trace (missing the COVIS header)');
  }
  const version = bytes[MAGIC.length];
  if (version > PROTOCOL_VERSION) {
    throw new TraceFormatError(`trace format version ${version} is newer than this reader (version ${PROTOCOL_VERSION}); update Coroutine Visualizer`);
  }
  return version;
}

/**
 * Incremental decoder: feed it chunks as they arrive (any split), get whole frames back.
 * Used by the CLI and the extension on the live pipe, and by `decodeTrace` on files.
 */
export class FrameDecoder {
  private readonly splitter = new FrameSplitter();

  /** Protocol version the stream declared. */
  get version(): number {
    return this.splitter.version;
  }

  push(chunk: Uint8Array): Frame[] {
    return this.splitter.push(chunk).map((bytes) => decodeFrame(bytes[4], bytes.subarray(FRAME_HEAD)));
  }

  /** Bytes of an incomplete frame left at the end: non-zero after all input means truncation. */
  get leftover(): number {
    return this.splitter.leftover;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export interface DecodedTrace {
  frames: Frame[];
  /** True when the last frame was cut in the middle. */
  truncated: boolean;
}

/** Decodes a complete trace file's bytes. Throws TraceFormatError with a readable message. */
export function decodeTrace(bytes: Uint8Array): DecodedTrace {
  if (bytes.length === 0) throw new TraceFormatError('the trace file is empty');
  const decoder = new FrameDecoder();
  const frames = decoder.push(bytes);
  if (!decoder.version) throw new TraceFormatError('the trace file is too short to hold a header');
  return { frames, truncated: decoder.leftover > 0 };
}
