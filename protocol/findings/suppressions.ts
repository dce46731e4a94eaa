/**
 * Findings the author has already said are deliberate, by a comment in the source as written:
 *   `// covis-ignore-next-line [rule …]` on the line before, `// covis-ignore [rule …]` on the
 *   line itself (no rule: every rule);
 *   for covis/floating-task, the comments that silence the linters' own floating-promise rule
 *   (`eslint-disable-next-line @typescript-eslint/no-floating-promises`, `tslint:disable:
 *   no-floating-promises` earlier in the file).
 */
import { ruleIdOf } from './rules';
import type { RuleId } from './types';

type Suppressed = (line: number, rule: RuleId) => boolean;

const IGNORE = /covis-ignore(-next-line)?\b([^\n*]*)/;
const LINTER_LINE = /(?:eslint|tslint)[-: ]*disable-(?:next-)?line\b[^\n]*no-floating-promises/;
const LINTER_BLOCK = /(?:eslint|tslint)[-: ]*disable(?![-\w])[^\n]*no-floating-promises/;
const LINTER_ENABLE = /(?:eslint|tslint)[-: ]*enable(?![-\w])[^\n]*no-floating-promises/;

function listed(rules: string, rule: RuleId): boolean {
  const names = rules.split(/[\s,]+/).filter(Boolean);
  return names.length === 0 || names.some((name) => ruleIdOf(name.replace(/^--\s*/, '')) === rule) || names[0] === '--';
}

export function suppressionsIn(written: string): Suppressed {
  const lines = written.split('\n');
  // Lines (1-based) from which on a linter's block comment silences floating promises.
  const silenced: boolean[] = [];
  let off = false;
  lines.forEach((text, i) => {
    if (LINTER_BLOCK.test(text)) off = true;
    else if (LINTER_ENABLE.test(text)) off = false;
    silenced[i + 1] = off;
  });
  return (line, rule) => {
    const here = lines[line - 1] ?? '';
    const before = lines[line - 2] ?? '';
    const own = IGNORE.exec(here);
    if (own && !own[1] && listed(own[2], rule)) return true;
    const next = IGNORE.exec(before);
    if (next && next[1] && listed(next[2], rule)) return true;
    if (rule !== 'covis/floating-task') return false;
    return LINTER_LINE.test(here) || (LINTER_LINE.test(before) && /next-line/.test(before)) || silenced[line] === true;
  };
}
