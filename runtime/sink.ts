/** Where encoded frames go: a trace file, or an inherited pipe the recording parent reads. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Sink {
  write(bytes: Uint8Array): void;
  close(): void;
}

/**
 * Writes synchronously so that frames survive process.exit() and crashes right after a flush.
 * A pipe may be non-blocking; on EAGAIN we wait a millisecond and retry (the reader is draining).
 */
export class FdSink implements Sink {
  private readonly pause = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly fd: number,
    private readonly owned: boolean,
  ) {}

  static openFile(path: string): FdSink {
    return new FdSink(fs.openSync(path, 'w', 0o600), true);
  }

  write(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += fs.writeSync(this.fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        Atomics.wait(this.pause, 0, 0, 1);
      }
    }
  }

  close(): void {
    if (this.owned) fs.closeSync(this.fd);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A trace file one process of a tree may own (COVIS_TRACE mode, where every Node process
 * started from a shell, npm or a test runner loads the shim). The owner holds `<file>.lock` (or
 * the lock named; created exclusively, holding its pid) until it exits; a lock whose pid is gone
 * is stale.
 */
export class ClaimedFileSink extends FdSink {
  private constructor(
    fd: number,
    private readonly lock: string,
  ) {
    super(fd, true);
  }

  static claim(file: string, lockFile?: string): ClaimedFileSink | undefined {
    const target = path.resolve(file);
    const lock = lockFile ?? `${target}.lock`;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
        return new ClaimedFileSink(fs.openSync(target, 'w', 0o600), lock);
      } catch (error) {
        // Anything but "someone holds the lock" (an unwritable folder...) is the caller's to report.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(fs.readFileSync(lock, 'utf8'));
        if (owner && alive(owner)) return undefined;
        fs.rmSync(lock, { force: true });
      }
    }
    return undefined;
  }

  override close(): void {
    super.close();
    fs.rmSync(this.lock, { force: true });
  }
}
