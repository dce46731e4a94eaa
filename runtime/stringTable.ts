/**
 * Strings the trace refers to by id (value and error summaries, turn labels): interned once,
 * bounded, and handed to the writer in the order they were first seen.
 */
import type { StringTable as StringsFrame } from '../protocol/events';
import { types } from 'node:util';
import { isError, peek, summarizeValue } from './summary';

const { isProxy } = types;
/** Past this many distinct strings, new ones get id -1 ("no summary"): memory stays bounded. */
const MAX_STRINGS = 100_000;

export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly fresh: string[] = [];
  private base = 0;
  private readonly byConstructor = new Map<unknown, number>();

  intern(text: string): number {
    let id = this.ids.get(text);
    if (id !== undefined) return id;
    if (this.ids.size >= MAX_STRINGS) return -1;
    id = this.ids.size;
    this.ids.set(text, id);
    this.fresh.push(text);
    return id;
  }

  /** Id of a short summary of a value; objects are summarized by constructor (cached), not content. */
  summary(value: unknown): number {
    // peek/isError, not `.constructor`/`instanceof`: the program must not see us look.
    if (typeof value === 'object' && value !== null && !isProxy(value) && !isError(value) && !Array.isArray(value)) {
      const ctor = peek(value, 'constructor');
      let id = this.byConstructor.get(ctor);
      if (id === undefined) {
        id = this.intern(summarizeValue(value));
        if (this.byConstructor.size < 1000) this.byConstructor.set(ctor, id);
      }
      return id;
    }
    return this.intern(summarizeValue(value));
  }

  /** The strings interned since the last call, as a Strings frame body; undefined if none. */
  takeFresh(): StringsFrame | undefined {
    if (this.fresh.length === 0) return undefined;
    const values = this.fresh.splice(0);
    const frame = { base: this.base, values };
    this.base += values.length;
    return frame;
  }
}
