/**
 * The raw trace bytes of one recording, kept exactly as they form a .covis file so that
 * "Save Trace As…" writes them unchanged and the panel can be re-sent a full snapshot.
 * A doubling buffer instead of a chunk list: the panel asks for "everything since byte N".
 */
export class ByteLog {
  private buffer = new Uint8Array(64 * 1024);
  private used = 0;

  get length(): number {
    return this.used;
  }

  append(bytes: Uint8Array): void {
    if (this.used + bytes.length > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < this.used + bytes.length) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(this.buffer.subarray(0, this.used));
      this.buffer = bigger;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** A copy (postMessage and file writes must not see later appends). */
  slice(from = 0, to = this.used): Uint8Array {
    return this.buffer.slice(from, to);
  }
}
