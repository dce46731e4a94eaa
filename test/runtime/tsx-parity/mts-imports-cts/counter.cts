export class Counter {
  count = 0;
  async add(n: number): Promise<number> {
    await Promise.resolve();
    return (this.count += n);
  }
}
export const start = 10;
