/**
 * Puts the loops of one recording into one trace. Every recorded thread and process writes its
 * own stream into the recording's spool folder (`<pid>-<threadId>.covis`, written synchronously,
 * so nothing is interleaved and a crash loses at most the last flush). The collector tails those
 * files and passes their frames on as one stream: the first loop's frames as they are, every
 * other loop's wrapped in a Loop frame carrying its index (docs/protocol.md).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FrameType, type End, type EndReason } from '../protocol/events';
import { encodeHeader, encodeJsonFrame, encodeLoopFrame, FrameSplitter } from '../protocol/frames';

/** A private folder for one recording's loop files: only this user can read or add to it. */
export function makeSpool(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'covis-spool-'));
}

export function loopFileName(pid: number, threadId: number): string {
  return `${pid}-${threadId}.covis`;
}

/** Left by a recorded parent when it starts a Node process, before that process writes its loop. */
export function startingFileName(pid: number): string {
  return `${pid}.starting`;
}

interface LoopFile {
  name: string;
  pid: number;
  threadId: number;
  fd: number;
  splitter: FrameSplitter;
  /** Index in the combined trace, once its Hello has been passed on. */
  index: number;
  ended: boolean;
}

const READ_CHUNK = 1 << 20;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class LoopCollector {
  private readonly files = new Map<string, LoopFile>();
  private loops = 0;
  private headerSent = false;

  constructor(
    private readonly spool: string,
    private readonly emit: (bytes: Uint8Array) => void,
    /** The process the launcher started: its main thread is loop 0 (else the first loop seen). */
    private readonly rootPid?: number,
  ) {}

  /** Reads whatever the loops wrote since the last poll and passes it on. */
  poll(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.spool).filter((name) => name.endsWith('.covis'));
    } catch {
      return;
    }
    // The root's main thread first, so it becomes loop 0 if it is there yet.
    const root = this.rootPid !== undefined ? loopFileName(this.rootPid, 0) : undefined;
    names.sort((a, b) => (a === root ? -1 : b === root ? 1 : a.localeCompare(b, 'en', { numeric: true })));
    for (const name of names) this.read(this.open(name));
  }

  private open(name: string): LoopFile {
    let file = this.files.get(name);
    if (!file) {
      const [pid, threadId] = name.replace(/\.covis$/, '').split('-').map(Number);
      file = { name, pid, threadId, fd: fs.openSync(path.join(this.spool, name), 'r'), splitter: new FrameSplitter(), index: -1, ended: false };
      this.files.set(name, file);
    }
    return file;
  }

  private read(file: LoopFile): void {
    for (;;) {
      const buffer = new Uint8Array(READ_CHUNK);
      const got = fs.readSync(file.fd, buffer, 0, READ_CHUNK, null);
      if (got === 0) return;
      let frames: Uint8Array[];
      try {
        frames = file.splitter.push(buffer.subarray(0, got));
      } catch {
        // A loop file that is not a trace (never written by us): leave it out.
        file.ended = true;
        return;
      }
      for (const frame of frames) this.pass(file, frame);
      if (got < READ_CHUNK) return;
    }
  }

  private pass(file: LoopFile, frame: Uint8Array): void {
    if (file.index < 0) {
      // A loop's first frame is its Hello; its number is the order in which loops appeared.
      file.index = this.loops++;
      if (!this.headerSent) {
        this.headerSent = true;
        this.emit(encodeHeader());
      }
    }
    if (frame[4] === FrameType.End) file.ended = true;
    this.emit(file.index === 0 ? frame : encodeLoopFrame(file.index, frame));
  }

  /**
   * Processes still to wait for: loops that have not written their End and whose process still
   * runs (a child outliving its parent), and Node processes started but not yet writing.
   */
  get running(): number[] {
    const pids = new Set<number>();
    for (const file of this.files.values()) if (!file.ended && alive(file.pid)) pids.add(file.pid);
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.spool);
    } catch {
      // Gone: nothing more will come.
    }
    const writing = new Set([...this.files.values()].map((file) => file.pid));
    for (const name of names) {
      const pid = Number(/^(\d+)\.starting$/.exec(name)?.[1]);
      if (pid && !writing.has(pid) && alive(pid)) pids.add(pid);
    }
    return [...pids];
  }

  /** Whether any loop was seen at all. */
  get empty(): boolean {
    return this.loops === 0;
  }

  /**
   * The last read, then an End for every loop that never wrote one: the root with how the
   * launcher saw it end, a worker thread as ended with its process, any other process as crashed.
   */
  finish(rootEnd?: { code: number | null; signal: NodeJS.Signals | null }): void {
    this.poll();
    for (const file of this.files.values()) {
      if (file.index >= 0 && !file.ended) {
        let end: End;
        if (file.pid === this.rootPid && file.threadId === 0 && rootEnd) {
          end = { reason: rootEnd.signal ? 'signal' : 'crash', exitCode: rootEnd.code, dropped: 0, events: 0, ...(rootEnd.signal ? { signal: rootEnd.signal } : {}) };
        } else {
          const reason: EndReason = file.threadId > 0 ? 'terminated' : 'crash';
          end = { reason, exitCode: null, dropped: 0, events: 0 };
        }
        this.pass(file, encodeJsonFrame(FrameType.End, end));
      }
      fs.closeSync(file.fd);
    }
    this.files.clear();
    fs.rmSync(this.spool, { recursive: true, force: true });
  }
}
