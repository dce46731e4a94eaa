/**
 * The view's trace: protocol/traceReader.ts (the host reads its copy the same way) plus what the
 * page says instead of lanes. Reset/Append messages and the embedded trace of the standalone page
 * all come through here, so a live session and a saved file take one path. No DOM: tested in Node.
 */
import { TraceReader } from '../protocol/traceReader';

export type TraceProblem =
  | { kind: 'none' }
  /** No bytes at all, or a stream with no tasks once it has ended. */
  | { kind: 'empty'; message: string }
  /** Not a trace, corrupt or from a newer format: nothing trustworthy to draw. */
  | { kind: 'format'; message: string };

const NONE: TraceProblem = { kind: 'none' };

export class TraceSession extends TraceReader {
  /** What the finished stream lacks (no bytes, no header, no tasks); a decoding error comes first. */
  private ended: TraceProblem = NONE;

  constructor() {
    super(false);
  }

  get problem(): TraceProblem {
    if (!this.decodeError) return this.ended;
    // A model error (the `cause`) reads as thrown; a format error is a sentence of ours.
    const { message, cause } = this.decodeError;
    return { kind: 'format', message: cause === undefined ? `Cannot read this trace: ${message}.` : `Cannot read this trace: ${message}` };
  }

  reset(bytes: Uint8Array | undefined, live: boolean): void {
    this.restart(live);
    this.ended = NONE;
    if (bytes) this.append(bytes);
    if (!live) this.finish();
  }

  /** The stream is over (file fully read, or the live program exited). */
  override finish(): void {
    super.finish();
    if (this.decodeError) return;
    if (this.byteCount === 0) {
      this.ended = { kind: 'empty', message: 'The trace is empty (0 bytes): nothing was recorded.' };
    } else if (!this.decoder.version) {
      this.ended = { kind: 'format', message: 'The trace is too short to hold a header: not a Coroutine Visualizer trace.' };
    } else if (!this.model.tasks.some(Boolean)) {
      this.ended = { kind: 'empty', message: 'This trace holds no tasks: the program ran no async functions or generators that were instrumented.' };
    }
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

/** base64 → bytes without Node's Buffer (the page has atob). */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.trim());
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
