/**
 * One trace the user looks at: a live recording or a file that was opened. It keeps the raw
 * bytes (saved and re-sent to the panel as they are) beside the model that hover, CodeLens and
 * decorations query, which protocol/traceReader.ts builds as the view's own copy does. No vscode
 * import: the session feeds it bytes, and listeners hear about changes.
 */
import { TraceReader } from '../protocol/traceReader';
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

export class Trace extends TraceReader {
  /** Every byte received, decodable or not: a stream that broke off is still saved whole. */
  readonly bytes = new ByteLog();
  private readonly listeners = new Set<TraceListener>();

  constructor(
    readonly origin: TraceOrigin,
    live: boolean,
  ) {
    super(live);
  }

  static fromBytes(origin: TraceOrigin, bytes: Uint8Array): Trace {
    const trace = new Trace(origin, false);
    trace.append(bytes);
    if (trace.decoder.leftover > 0) trace.model.truncated = true;
    if (trace.decodeError) throw trace.decodeError;
    return trace;
  }

  override append(bytes: Uint8Array): void {
    this.bytes.append(bytes);
    super.append(bytes);
    this.changed();
  }

  /** The session ended: nothing more will be appended. */
  override finish(): void {
    super.finish();
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
