/**
 * Bytes in, model out: one reader for the host (extension/trace.ts, fed by the program's pipe or
 * a file) and the view (webview/session.ts, fed by Reset/Append messages or the embedded trace),
 * so a stream is decoded and its model built the same way on both sides, chunk by chunk.
 * No vscode, DOM or Node imports.
 */
import { FrameDecoder, TraceFormatError } from './frames';
import { TraceModel } from './model';

export class TraceReader {
  model = new TraceModel();
  /**
   * Why decoding stopped: not a trace, corrupt, or a newer format. What came before stays in the
   * model. An error of the model itself is wrapped (its `cause`) so the stream stops the same way.
   */
  decodeError?: TraceFormatError;
  /** Bumped on every change, so views know when to recompute (a cheap dirty check). */
  generation = 0;
  /** Bytes read before a decoding error, if any. */
  protected byteCount = 0;
  protected decoder = new FrameDecoder();

  constructor(public live: boolean) {}

  append(bytes: Uint8Array): void {
    if (this.decodeError) return;
    this.byteCount += bytes.length;
    try {
      this.model.addFrames(this.decoder.push(bytes));
    } catch (error) {
      this.decodeError = error instanceof TraceFormatError ? error : new TraceFormatError(String((error as Error)?.message ?? error), { cause: error });
    }
    this.generation++;
  }

  /** The stream is over (file fully read, or the program exited): an incomplete last frame means the trace was cut. */
  finish(): void {
    this.live = false;
    if (this.decoder.leftover > 0) this.model.truncated = true;
    this.generation++;
  }

  /** Starts over on a new stream: an empty model, nothing read. */
  protected restart(live: boolean): void {
    this.model = new TraceModel();
    this.decoder = new FrameDecoder();
    this.decodeError = undefined;
    this.byteCount = 0;
    this.live = live;
    this.generation++;
  }
}
