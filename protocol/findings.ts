/**
 * Findings a recorded run proves, each at the source line it is about (docs/findings.md):
 * the loop blocked, a task nobody waited for, independent awaits run one after the other, tasks
 * still waiting at the end, tasks awaiting each other. Pure (no Node, no DOM): the CLI, the
 * extension and the webview share it.
 */
import type { TraceModel } from './model';
import { awaitCycles } from './findings/awaitCycles';
import { floatingTasks } from './findings/floatingTasks';
import { loopBlocked } from './findings/loopBlocked';
import { RULE_IDS } from './findings/rules';
import { sequentialAwaits } from './findings/sequentialAwaits';
import { suppressionsIn } from './findings/suppressions';
import { factsReader } from './findings/sourceFacts';
import { TraceIndex } from './findings/traceIndex';
import { waitGraph } from './findings/waitGraph';
import { waitingAtExit } from './findings/waitingAtExit';
import type { Finding, FindingOptions, RuleId, SourceAccess } from './findings/types';

export * from './findings/types';
export { FINDINGS_DOC_URI, RULES, RULE_IDS, ruleHelpUri, ruleIdOf, type RuleInfo } from './findings/rules';

export const DEFAULT_BLOCK_MS = 50;
export const DEFAULT_MIN_SAVING_MS = 10;

export function findFindings(model: TraceModel, options: FindingOptions = {}, sources?: SourceAccess): Finding[] {
  const rules = new Set<RuleId>(options.rules ?? RULE_IDS);
  const index = new TraceIndex(model);
  // Each file is read (and TypeScript compiled) once, for the rules that read code and for the comments that mark findings deliberate.
  const read = sources && readOnce(sources);
  const factsOf = factsReader(read);
  const findings: Finding[] = [];
  if (rules.has('covis/loop-blocked')) findings.push(...loopBlocked(index, options.blockMs ?? DEFAULT_BLOCK_MS, options.stoppedAt));
  if (rules.has('covis/floating-task')) findings.push(...floatingTasks(index, factsOf));
  if (rules.has('covis/sequential-awaits')) findings.push(...sequentialAwaits(index, factsOf, options.minSavingMs ?? DEFAULT_MIN_SAVING_MS));
  if (rules.has('covis/waiting-at-exit') || rules.has('covis/await-cycle')) {
    const graph = waitGraph(index, options.stoppedAt);
    if (rules.has('covis/waiting-at-exit')) findings.push(...waitingAtExit(index, graph));
    if (rules.has('covis/await-cycle')) findings.push(...awaitCycles(index, graph));
  }
  return findings.filter(notSuppressed(read)).sort(byPlace);
}

function readOnce(sources: SourceAccess): SourceAccess {
  const cache = new Map<string, ReturnType<SourceAccess>>();
  return (file) => {
    if (!cache.has(file)) cache.set(file, sources(file));
    return cache.get(file);
  };
}

/** Drops the findings whose line carries a comment saying they are deliberate (suppressions.ts). */
function notSuppressed(sources: SourceAccess | undefined): (finding: Finding) => boolean {
  const byFile = new Map<string, ReturnType<typeof suppressionsIn> | undefined>();
  return (finding) => {
    if (!sources) return true;
    if (!byFile.has(finding.file)) {
      const source = sources(finding.file);
      const written = typeof source === 'string' ? source : (source?.written ?? source?.code);
      byFile.set(finding.file, written === undefined ? undefined : suppressionsIn(written));
    }
    return !byFile.get(finding.file)?.(finding.line, finding.ruleId);
  };
}

function byPlace(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || RULE_IDS.indexOf(a.ruleId) - RULE_IDS.indexOf(b.ruleId);
}
