/**
 * Findings as `covis check` writes them: lines for a terminal, JSON for scripts, and SARIF 2.1.0
 * (what code-scanning services read), each finding at its file and line.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FINDINGS_DOC_URI, RULES, ruleHelpUri, type Finding, type Severity, type SourcePlace } from '../protocol/findings';

export type ReportFormat = 'text' | 'json' | 'sarif';

export interface CheckedRun {
  /** What ran (`app.ts args`), or the trace file read. */
  subject: string;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  timedOut?: boolean;
}

const VERSION = '0.1.0';

export function formatReport(format: ReportFormat, findings: Finding[], run: CheckedRun, cwd = process.cwd()): string {
  if (format === 'json') return `${JSON.stringify({ run, findings }, null, 2)}\n`;
  if (format === 'sarif') return `${JSON.stringify(toSarif(findings, run, cwd), null, 2)}\n`;
  return textReport(findings, run, cwd);
}

/** `file` relative to `cwd` when it lies under it. */
function under(cwd: string, file: string): string | undefined {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : undefined;
}

function shown(file: string, cwd: string): string {
  return under(cwd, file) ?? file;
}

function placeText(place: SourcePlace, cwd: string): string {
  return `${shown(place.file, cwd)}:${place.line}:${place.column}`;
}

function textReport(findings: Finding[], run: CheckedRun, cwd: string): string {
  const stopped = run.timedOut ? ' (stopped at the timeout)' : '';
  if (!findings.length) return `covis check: no findings in ${run.subject}${stopped}\n`;
  const counts = (['error', 'warning', 'note'] as Severity[])
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}${n === 1 ? '' : 's'}`);
  const lines = [`covis check: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${run.subject}${stopped} (${counts.join(', ')})`, ''];
  for (const finding of findings) {
    lines.push(`${placeText(finding, cwd)}  ${finding.severity}  ${finding.ruleId}`, `  ${finding.message}`);
    for (const related of finding.related) lines.push(`  ${placeText(related.place, cwd)}: ${related.message}`);
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', note: 'note' };

function artifact(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = under(cwd, file);
  return relative ? { uri: relative.split(path.sep).join('/'), uriBaseId: 'SRCROOT' } : { uri: pathToFileURL(file).href };
}

function physicalLocation(place: SourcePlace & { endLine?: number }, cwd: string): object {
  return {
    artifactLocation: artifact(place.file, cwd),
    region: { startLine: place.line, startColumn: place.column, ...(place.endLine ? { endLine: place.endLine } : {}) },
  };
}

/** SARIF 2.1.0: one run, the rules as the tool's, each finding a result at its place. */
export function toSarif(findings: Finding[], run: CheckedRun, cwd: string): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'covis',
            fullName: 'Coroutine Visualizer check',
            version: VERSION,
            informationUri: FINDINGS_DOC_URI,
            rules: RULES.map((rule) => ({
              id: rule.id,
              name: rule.name,
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.help },
              help: { text: rule.help },
              helpUri: ruleHelpUri(rule.id),
              defaultConfiguration: { level: LEVEL[rule.severity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`).href } },
        invocations: [
          {
            executionSuccessful: true,
            commandLine: run.subject,
            ...(typeof run.code === 'number' ? { exitCode: run.code } : {}),
            ...(run.signal ? { exitSignalName: run.signal } : {}),
          },
        ],
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: RULES.findIndex((rule) => rule.id === finding.ruleId),
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [{ physicalLocation: physicalLocation(finding, cwd) }],
          ...(finding.related.length
            ? { relatedLocations: finding.related.map((related, id) => ({ id, physicalLocation: physicalLocation(related.place, cwd), message: { text: related.message } })) }
            : {}),
          partialFingerprints: { 'covisFinding/v1': fingerprint(finding, cwd) },
          properties: { tasks: finding.tasks, loop: finding.loop },
        })),
      },
    ],
  };
}

/** Stable across runs of the same code: rule, file and line (the message holds run-dependent times). */
function fingerprint(finding: Finding, cwd: string): string {
  return `${finding.ruleId}:${shown(finding.file, cwd)}:${finding.line}`;
}
