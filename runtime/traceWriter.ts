/**
 * The output side of the recorder: header and Hello, Sites/Strings/Events frames, the byte
 * budget (past it, events are counted as dropped instead of written), the End frame. The sink
 * may be claimed late (COVIS_TRACE: when the first instrumented file runs).
 */
import { FrameType, PROTOCOL_VERSION, type End, type EventBatch, type Hello, type Site, type StringTable } from '../protocol/events';
import { encodeHeader, encodeJsonFrame, eventsFrameParts } from '../protocol/frames';
import type { Sink } from './sink';

export class TraceWriter {
  private sink: Sink | undefined;
  private claimSink: (() => Sink | undefined) | undefined;
  private hello: Hello | undefined;
  private bytes = 0;
  /** False until a sink is held, and again once finished or the reader went away. */
  open = false;
  dropped = 0;
  events = 0;

  constructor(
    sink: Sink | (() => Sink | undefined),
    private readonly maxBytes: number,
  ) {
    if (typeof sink === 'function') this.claimSink = sink;
    else {
      this.sink = sink;
      this.open = true;
    }
  }

  get overBudget(): boolean {
    return this.bytes > this.maxBytes;
  }

  start(hello: Omit<Hello, 'protocol' | 'clock'>, clock: Hello['clock'] = 'per-slice'): void {
    this.hello = { protocol: PROTOCOL_VERSION, clock, ...hello };
    if (this.sink) this.writeHead();
  }

  /** Claims a deferred sink (once); returns whether the trace is being written. */
  claim(): boolean {
    if (this.claimSink) {
      const claim = this.claimSink;
      this.claimSink = undefined;
      this.sink = claim();
      if (this.sink) {
        this.open = true;
        this.writeHead();
      }
    }
    return this.open;
  }

  /** Writes what is new: sites and strings first, since the events refer to them. */
  write(sites: Site[], strings: StringTable | undefined, batch: EventBatch): void {
    if (!this.open) return;
    if (sites.length) this.writeBytes(encodeJsonFrame(FrameType.Sites, sites));
    if (strings) this.writeBytes(encodeJsonFrame(FrameType.Strings, strings));
    if (batch.count === 0) return;
    this.events += batch.count;
    if (this.overBudget) {
      this.dropped += batch.count;
      return;
    }
    for (const part of eventsFrameParts(batch)) this.writeBytes(part);
  }

  finish(end: Omit<End, 'dropped' | 'events'>): void {
    if (!this.open) return;
    this.writeBytes(encodeJsonFrame(FrameType.End, { ...end, dropped: this.dropped, events: this.events }));
    this.open = false;
    this.sink?.close();
  }

  private writeHead(): void {
    this.writeBytes(encodeHeader());
    this.writeBytes(encodeJsonFrame(FrameType.Hello, this.hello));
  }

  private writeBytes(bytes: Uint8Array): void {
    this.bytes += bytes.length;
    try {
      this.sink!.write(bytes);
    } catch {
      // The reader went away (editor closed the session): keep the program running, stop recording.
      this.open = false;
    }
  }
}
