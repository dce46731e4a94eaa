/** Growable typed-array columns: the packed storage behind the trace model (no per-segment objects). */

type TypedArray = Float64Array | Int32Array | Uint8Array;
type TypedArrayCtor<T extends TypedArray> = { new (length: number): T };

export class Column<T extends TypedArray> {
  data: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    capacity = 1024,
  ) {
    this.data = new ctor(capacity);
  }

  push(value: number): number {
    if (this.length === this.data.length) this.grow();
    this.data[this.length] = value;
    return this.length++;
  }

  private grow(): void {
    const bigger = new this.ctor(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }

  /** A view of the used part (shares memory until the next push that grows). */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
