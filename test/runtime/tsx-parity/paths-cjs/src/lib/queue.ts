export class Queue<T> {
  private items: T[] = [];
  private waiting: ((item: T) => void)[] = [];
  push(item: T): void {
    const next = this.waiting.shift();
    if (next) next(item);
    else this.items.push(item);
  }
  async pop(): Promise<T> {
    if (this.items.length) return this.items.shift()!;
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
