/** Where encoded frames go: a trace file, or an inherited pipe the recording parent reads. */
import * as fs from 'node:fs';

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
