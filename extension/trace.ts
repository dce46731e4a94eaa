/**
 * One trace the user looks at: a live recording or a file that was opened. It owns the raw
 * bytes and the decoded TraceModel that hover, CodeLens and decorations query. No vscode
 * import: the session feeds it bytes, and listeners hear about changes.
 */
import { FrameDecoder, TraceFormatError } from '../protocol/frames';
import { TraceModel } from '../protocol/model';
import { ByteLog } from './byteLog';

export type TraceListener = (trace: Trace) => void;

export interface TraceOrigin {
  /** Shown above the lanes and in messages: usually the program's file name. */
  title: string;
  /** The program that was run (live sessions). */
  program?: string;
  /** The file the trace was read from, or where a live run is kept: what the panel serializer restores. */
  tracePath?: string;
}

export class Trace {
  readonly model = new TraceModel();
  readonly bytes = new ByteLog();
  /** Set when the stream could not be decoded; the raw bytes are still kept and saved. */
  decodeError?: Error;
  private readonly decoder = new FrameDecoder();
  private readonly listeners = new Set<TraceListener>();

  constructor(
    readonly origin: TraceOrigin,
    public live: boolean,
  ) {}

  static fromBytes(origin: TraceOrigin, bytes: Uint8Array): Trace {
    const trace = new Trace(origin, false);
    trace.append(bytes);
    if (trace.decoder.leftover > 0) trace.model.truncated = true;
    if (trace.decodeError) throw trace.decodeError;
    return trace;
  }

  append(bytes: Uint8Array): void {
    this.bytes.append(bytes);
    if (!this.decodeError) {
      try {
        this.model.addFrames(this.decoder.push(bytes));
      } catch (error) {
        // Keep recording raw bytes: what was decoded so far stays viewable.
        this.decodeError = error instanceof TraceFormatError ? error : new TraceFormatError(String((error as Error).message ?? error));
      }
    }
    this.changed();
  }

  /** The session ended: nothing more will be appended. */
  finish(): void {
    this.live = false;
    if (this.decoder.leftover > 0) this.model.truncated = true;
    this.changed();
  }

  onDidChange(listener: TraceListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener(this);
  }
}
