/** The rules `covis check` runs: stable ids, names, and the help text SARIF and docs show. */
import type { RuleId, Severity } from './types';

export interface RuleInfo {
  id: RuleId;
  /** PascalCase name (SARIF `name`). */
  name: string;
  /** One line: what a finding of this rule says. */
  summary: string;
  /** What it proves and how to fix it. */
  help: string;
  /** Severity of most of its findings (some may be raised or lowered, see docs/findings.md). */
  severity: Severity;
}

export const RULES: readonly RuleInfo[] = [
  {
    id: 'covis/loop-blocked',
    name: 'LoopBlocked',
    summary: 'A task held the event loop longer than the threshold; other tasks had to wait.',
    help: 'A running slice of a coroutine (from where it resumed to its next await, return or throw) took longer than the threshold on the only thread of its loop. Timers, I/O callbacks and every other task waited meanwhile. Split the work with awaits, or move CPU-heavy work to a worker thread.',
    severity: 'warning',
  },
  {
    id: 'covis/floating-task',
    name: 'FloatingTask',
    summary: 'An async call whose promise nobody awaited outlived its caller, or failed with nobody to catch it.',
    help: 'The promise of this async call was dropped (`f();`, `items.forEach(async …)`), and the task ran on after the function that made it had finished, or it failed and nobody caught the error. Await it, collect the promises in Promise.all/allSettled, or mark a deliberate fire-and-forget call with `void f()` and handle its errors.',
    severity: 'warning',
  },
  {
    id: 'covis/sequential-awaits',
    name: 'SequentialAwaits',
    summary: 'Two independent awaited calls ran one after the other; running them together would have saved time.',
    help: 'Two awaited calls in a row, where the second does not use the result of the first, waited one after the other. Started together (`const [a, b] = await Promise.all([f(), g()])`) they would have taken as long as the longer one. Ignore it when their order matters through shared state or output.',
    severity: 'note',
  },
  {
    id: 'covis/waiting-at-exit',
    name: 'WaitingAtExit',
    summary: 'A task was still waiting when the program ended (or was stopped), with the tasks that waited on it.',
    help: 'When the program ended, this task was suspended at an await on something that never came: a promise never settled, an event never emitted, a timer that never fired. Every task in its chain waited with it, and their `finally` blocks never ran. With `--timeout`, the waits of a program that did not end, at the moment it was stopped.',
    severity: 'warning',
  },
  {
    id: 'covis/await-cycle',
    name: 'AwaitCycle',
    summary: 'Tasks await each other in a cycle: a deadlock.',
    help: 'Each task of the cycle awaits the promise of the next one, and the last awaits the first: none can ever resume. Break the cycle: one of them must not wait for the others.',
    severity: 'error',
  },
];

export const RULE_IDS: readonly RuleId[] = RULES.map((rule) => rule.id);

/** Where every rule is explained (SARIF's informationUri; the editor's diagnostic code links). */
export const FINDINGS_DOC_URI = 'https://github.com/covis/coroutine-visualizer/blob/main/docs/findings.md';

/** The rule's section of docs/findings.md: `…/findings.md#loop-blocked`. */
export function ruleHelpUri(id: RuleId): string {
  return `${FINDINGS_DOC_URI}#${id.replace('covis/', '')}`;
}

/** `covis/loop-blocked` or `loop-blocked` → the rule id; undefined when there is no such rule. */
export function ruleIdOf(name: string): RuleId | undefined {
  const id = name.includes('/') ? name : `covis/${name}`;
  return RULE_IDS.find((rule) => rule === id);
}
