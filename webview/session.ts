/**
 * Bytes in, model out: the webview's end of the stream. Reset/Append messages and the embedded
 * trace of the standalone page all come through here, so a live session and a saved file
 * take one path. No DOM: tested in Node.
 */
import { FrameDecoder, TraceFormatError } from '../protocol/frames';
import { TraceModel } from '../protocol/model';

export type TraceProblem =
  | { kind: 'none' }
  /** No bytes at all, or a stream with no tasks once it has ended. */
  | { kind: 'empty'; message: string }
  /** Not a trace, corrupt or from a newer format: nothing trustworthy to draw. */
  | { kind: 'format'; message: string };

export class TraceSession {
  model = new TraceModel();
  problem: TraceProblem = { kind: 'none' };
  /** Bumped on every change so views know when to recompute (cheap dirty check). */
  generation = 0;
  live = false;
  private decoder = new FrameDecoder();
  private bytesSeen = 0;

  reset(bytes: Uint8Array | undefined, live: boolean): void {
    this.model = new TraceModel();
    this.decoder = new FrameDecoder();
    this.problem = { kind: 'none' };
    this.bytesSeen = 0;
    this.live = live;
    this.generation++;
    if (bytes) this.append(bytes);
    if (!live) this.finish();
  }

  append(bytes: Uint8Array): void {
    if (this.problem.kind === 'format') return;
    this.bytesSeen += bytes.length;
    try {
      this.model.addFrames(this.decoder.push(bytes));
    } catch (error) {
      this.problem = { kind: 'format', message: describe(error) };
    }
    this.generation++;
  }

  /** The stream is over (file fully read, or the live program exited). */
  finish(): void {
    this.live = false;
    if (this.problem.kind === 'format') return;
    if (this.bytesSeen === 0) {
      this.problem = { kind: 'empty', message: 'The trace is empty (0 bytes): nothing was recorded.' };
    } else if (!this.decoder.version) {
      this.problem = { kind: 'format', message: 'The trace is too short to hold a header: not a Coroutine Visualizer trace.' };
    } else {
      if (this.decoder.leftover > 0) this.model.truncated = true;
      if (!this.model.tasks.some(Boolean)) {
        this.problem = { kind: 'empty', message: 'This trace holds no tasks: the program ran no async functions or generators that were instrumented.' };
      }
    }
    this.generation++;
  }

  /** Text of the "cut short" banner, or undefined when the program ran to its natural end. */
  cutShortReason(): string | undefined {
    const m = this.model;
    if (this.live || !m.cutShort || this.problem.kind !== 'none') return undefined;
    if (m.truncated && !m.end) return 'the trace stops in the middle of a frame (the recorder was killed)';
    if (!m.end) return 'no end frame (the program or recorder died without a word)';
    const parts: string[] = [m.end.reason];
    if (m.end.signal) parts.push(`signal ${m.end.signal}`);
    if (m.end.exitCode !== null && m.end.exitCode !== undefined) parts.push(`exit code ${m.end.exitCode}`);
    if (m.end.error) parts.push(m.end.error);
    return parts.join(', ');
  }
}

function describe(error: unknown): string {
  if (error instanceof TraceFormatError) return `Cannot read this trace: ${error.message}.`;
  return `Cannot read this trace: ${(error as Error)?.message ?? String(error)}`;
}

/** base64 → bytes without Node's Buffer (the page has atob). */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.trim());
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
