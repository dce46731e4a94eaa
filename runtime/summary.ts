/** Short, cheap descriptions of values and errors for the trace ("42", "Error: boom", "Array(3)"). */

const MAX = 80;

function clip(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

export function summarizeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return clip(JSON.stringify(value));
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'symbol':
      return clip(value.toString());
    case 'function':
      return `function ${value.name || '<anonymous>'}`;
  }
  if (value === null) return 'null';
  if (value instanceof Error) return summarizeError(value);
  if (Array.isArray(value)) return `Array(${value.length})`;
  const ctor = (value as object).constructor;
  return ctor && ctor !== Object ? `${ctor.name || 'object'} {…}` : '{…}';
}

export function summarizeError(error: unknown): string {
  if (error instanceof Error) return clip(`${error.name}: ${error.message}`);
  return `thrown ${summarizeValue(error)}`;
}
