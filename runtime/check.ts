/**
 * `covis check`: run a program (or read a saved trace), find what the run proves wrong
 * (protocol/findings.ts), report it as text, JSON or SARIF, and exit 1 when something was found.
 * The program's own output passes through unchanged; the report goes to stderr (text) or
 * stdout (json, sarif) after the program has ended, or to the file given with --out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFindings, ruleIdOf, RULE_IDS, type Finding, type FindingOptions, type RuleId, type Severity } from '../protocol/findings';
import type { TraceModel } from '../protocol/model';
import { programSources } from './findingSources';
import { readTraceFile, TraceFileError } from './traceFile';
import { formatReport, type CheckedRun, type ReportFormat } from './findingsReport';
import { nothingRecordedHint, recordRun, type RunOptions } from './recordRun';

export const CONFIG_FILE = 'covis.config.json';

export type FailOn = Severity | 'never';

export interface CheckOptions extends RunOptions {
  format: ReportFormat;
  out?: string;
  /** Keep the recorded trace here. */
  trace?: string;
  blockMs?: number;
  minSavingMs?: number;
  rules?: string[];
  disable?: string[];
  failOn?: FailOn;
  config?: string;
}

/** `covis.config.json`'s `check` section. */
interface CheckConfig {
  blockMs?: number;
  minSavingMs?: number;
  timeout?: string | number;
  failOn?: FailOn;
  /** A rule id (with or without `covis/`) → "off", or the severity its findings get. */
  rules?: Record<string, 'off' | Severity>;
}

export class CheckUsageError extends Error {}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'note'];

/** `5s`, `500ms`, `2m`, or a number of seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new CheckUsageError(`not a duration: ${text} (write 5s, 500ms or 2m)`);
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : match[2] === 'm' ? value * 60_000 : value * 1000;
}

function readConfig(file: string | undefined): CheckConfig {
  const where = file ?? (fs.existsSync(CONFIG_FILE) ? CONFIG_FILE : undefined);
  if (!where) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(where, 'utf8'));
  } catch (error) {
    throw new CheckUsageError(`cannot read the configuration ${where}: ${(error as Error).message}`);
  }
  const check = (parsed as { check?: unknown })?.check ?? {};
  if (typeof check !== 'object' || check === null) throw new CheckUsageError(`${where}: "check" must be an object`);
  return check as CheckConfig;
}

function ruleIds(names: string[], where: string): RuleId[] {
  return names.map((name) => ruleIdOf(name) ?? (() => { throw new CheckUsageError(`${where}: no rule ${name} (rules: ${RULE_IDS.join(', ')})`); })());
}

interface Settings {
  findingOptions: FindingOptions;
  severityOf: Map<RuleId, Severity>;
  failOn: FailOn;
  timeoutMs?: number;
}

/** Flags over the config file over the defaults. */
export function settingsOf(options: CheckOptions): Settings {
  const config = readConfig(options.config);
  const severityOf = new Map<RuleId, Severity>();
  // --rules names the rules to run over the config's; --disable takes rules out of either.
  const rules = new Set<RuleId>(options.rules ? ruleIds(options.rules, '--rules') : RULE_IDS);
  for (const [name, value] of Object.entries(config.rules ?? {})) {
    const [id] = ruleIds([name], CONFIG_FILE);
    if (value === 'off') {
      if (!options.rules) rules.delete(id);
    }
    else if (SEVERITIES.includes(value)) severityOf.set(id, value);
    else throw new CheckUsageError(`${CONFIG_FILE}: rule ${name} must be "off", "error", "warning" or "note", not ${JSON.stringify(value)}`);
  }
  if (options.disable) for (const id of ruleIds(options.disable, '--disable')) rules.delete(id);
  const timeout = options.timeoutMs ?? (config.timeout === undefined ? undefined : parseDuration(String(config.timeout)));
  const failOn = options.failOn ?? config.failOn ?? 'note';
  if (failOn !== 'never' && !SEVERITIES.includes(failOn)) throw new CheckUsageError(`failOn must be error, warning, note or never, not ${failOn}`);
  return {
    findingOptions: { blockMs: options.blockMs ?? config.blockMs, minSavingMs: options.minSavingMs ?? config.minSavingMs, rules: [...rules] },
    severityOf,
    failOn,
    ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
  };
}

/** Findings of a trace, with the configured severities. */
export function checkModel(model: TraceModel, settings: Settings, stoppedAt?: number): Finding[] {
  const findings = findFindings(model, { ...settings.findingOptions, ...(stoppedAt !== undefined ? { stoppedAt } : {}) }, programSources());
  return findings.map((finding) => ({ ...finding, severity: settings.severityOf.get(finding.ruleId) ?? finding.severity }));
}

function readTrace(file: string): TraceModel {
  try {
    return readTraceFile(file);
  } catch (error) {
    if (error instanceof TraceFileError) throw new CheckUsageError(error.message);
    throw error;
  }
}

/** Runs the check; resolves with the exit code covis should end with. */
export async function runCheck(target: string, args: string[], options: CheckOptions): Promise<number> {
  const settings = settingsOf(options);
  let model: TraceModel;
  let run: CheckedRun;
  let stoppedAt: number | undefined;
  if (target.endsWith('.covis') && args.length === 0) {
    model = readTrace(target);
    run = { subject: target };
  } else {
    const traceFile = options.trace ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'covis-check-')), 'run.covis');
    fs.rmSync(traceFile, { force: true });
    let fd: number | undefined;
    const listener = {
      onBytes: (bytes: Uint8Array) => void fs.writeSync((fd ??= fs.openSync(traceFile, 'w')), bytes),
      onError: (error: Error) => process.stderr.write(`covis: trace stream problem: ${error.message}\n`),
    };
    const result = await recordRun(target, args, listener, { ...options, timeoutMs: settings.timeoutMs, clockResumes: true }).catch((error: Error) => {
      throw new CheckUsageError(`cannot run ${target}: ${error.message}`);
    });
    if (fd !== undefined) fs.closeSync(fd);
    run = { subject: [target, ...args].join(' '), code: result.code, signal: result.signal, timedOut: result.timedOut };
    if (fd === undefined) {
      process.stderr.write(`covis: ${nothingRecordedHint(target, args)}\n`);
      return result.code ?? 1;
    }
    model = readTrace(traceFile);
    if (!options.trace) fs.rmSync(path.dirname(traceFile), { recursive: true, force: true });
    if (result.stoppedAt) stoppedAt = traceTimeOf(model, result.stoppedAt);
    const exitCode = result.timedOut ? 0 : (result.code ?? 1);
    return report(checkModel(model, settings, stoppedAt), run, options, settings, exitCode);
  }
  return report(checkModel(model, settings), run, options, settings, 0);
}

/** A moment of the recorder's clocks on the trace's time line (loop 0's), never before its last event. */
function traceTimeOf(model: TraceModel, at: { monotonicMs: number; epochMs: number }): number {
  const hello = model.loops[0]?.hello;
  const time = hello?.monotonicMs !== undefined ? at.monotonicMs - hello.monotonicMs : hello ? at.epochMs - hello.startEpochMs : model.timeEnd;
  return Math.max(time, model.timeEnd);
}

function report(findings: Finding[], run: CheckedRun, options: CheckOptions, settings: Settings, exitCode: number): number {
  const text = formatReport(options.format, findings, run);
  if (options.out) {
    fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    fs.writeFileSync(options.out, text);
    process.stderr.write(`covis check: ${findings.length} finding${findings.length === 1 ? '' : 's'}, written to ${options.out}\n`);
  } else if (options.format === 'text') process.stderr.write(text);
  else process.stdout.write(text);
  const failing = settings.failOn !== 'never' && findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(settings.failOn as Severity));
  return failing ? 1 : exitCode;
}
