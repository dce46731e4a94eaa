/**
 * Expands a VS Code snippet body the way the editor does when the user accepts every default:
 * `${1:default}` and its mirrors `$1` become the default, `${1|a,b|}` the first choice, bare tab
 * stops and `$0` become empty, variables (`$TM_FILENAME`, `${VAR:default}`) their default.
 * Also reports the tab stops it saw, so tests can check their numbering.
 * Grammar: https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar
 */

export interface Expansion {
  text: string;
  /** Tab stop numbers in order of first appearance (0 included if present). */
  tabStops: number[];
  /** Tab stops that carry a placeholder or choice (their default), by number. */
  defaults: Map<number, string>;
}

type Node = { kind: 'text'; value: string } | { kind: 'stop'; index: number; children?: Node[]; choice?: string[] } | { kind: 'var'; name: string; children?: Node[] };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  /** Parses until the end of input, or (inside a placeholder) up to and over its closing `}`. */
  parse(inPlaceholder = false): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = (): void => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && this.pos + 1 < this.src.length && '$}\\'.includes(this.src[this.pos + 1])) {
        text += this.src[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (c === '}' && inPlaceholder) {
        this.pos++;
        flush();
        return nodes;
      }
      if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += c;
      this.pos++;
    }
    if (inPlaceholder) throw new Error(`unterminated placeholder in snippet: ${this.src.slice(0, 80)}`);
    flush();
    return nodes;
  }

  private dollar(): Node | undefined {
    const rest = this.src.slice(this.pos + 1);
    let m = /^(\d+)/.exec(rest);
    if (m) {
      this.pos += 1 + m[1].length;
      return { kind: 'stop', index: Number(m[1]) };
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      this.pos += 1 + m[1].length;
      return { kind: 'var', name: m[1] };
    }
    m = /^\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      const choice = m[2].split(/(?<!\\),/).map((s) => s.replace(/\\(.)/g, '$1'));
      return { kind: 'stop', index: Number(m[1]), choice };
    }
    m = /^\{(\d+)(:|\})/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      return m[2] === '}' ? { kind: 'stop', index: Number(m[1]) } : { kind: 'stop', index: Number(m[1]), children: this.parse(true) };
    }
    m = /^\{([A-Za-z_][A-Za-z0-9_]*)(:|\})/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      return m[2] === '}' ? { kind: 'var', name: m[1] } : { kind: 'var', name: m[1], children: this.parse(true) };
    }
    return undefined;
  }
}

const VARIABLE_DEFAULTS: Record<string, string> = { TM_FILENAME: 'file.ts', TM_FILENAME_BASE: 'file', TM_SELECTED_TEXT: '', CLIPBOARD: '' };

export function expandSnippet(body: string | string[]): Expansion {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const nodes = new Parser(src).parse();
  const tabStops: number[] = [];
  const defaults = new Map<number, string>();
  // First pass: the value of each tab stop is the default of its first placeholder occurrence.
  const collect = (list: Node[]): void => {
    for (const n of list) {
      if (n.kind === 'stop') {
        if (!tabStops.includes(n.index)) tabStops.push(n.index);
        if (!defaults.has(n.index) && (n.children || n.choice)) defaults.set(n.index, n.choice ? n.choice[0] : render(n.children ?? []));
        if (n.children) collect(n.children);
      } else if (n.kind === 'var' && n.children) collect(n.children);
    }
  };
  const render = (list: Node[]): string =>
    list
      .map((n) => {
        if (n.kind === 'text') return n.value;
        if (n.kind === 'stop') return defaults.get(n.index) ?? (n.children ? render(n.children) : n.choice?.[0] ?? '');
        return VARIABLE_DEFAULTS[n.name] ?? (n.children ? render(n.children) : '');
      })
      .join('');
  collect(nodes);
  return { text: render(nodes), tabStops, defaults };
}
