/**
 * What `covis check` (and later the editor) reports about a run: findings that the trace
 * proves, each at the line of source it is about. Pure data: no Node, no DOM.
 */

export type RuleId = 'covis/loop-blocked' | 'covis/floating-task' | 'covis/sequential-awaits' | 'covis/waiting-at-exit' | 'covis/await-cycle';

export type Severity = 'error' | 'warning' | 'note';

/** A place in the user's source (1-based line and column, as in the trace's sites). */
export interface SourcePlace {
  file: string;
  line: number;
  column: number;
}

/** A task as a finding names it. */
export interface TaskRef {
  id: number;
  name: string;
  /** Where it was defined. */
  at?: SourcePlace;
}

/** One task of a chain of waits, and the await/yield it is suspended at. */
export interface WaitLink {
  task: TaskRef;
  /** The await it waits at, when known. */
  at?: SourcePlace;
  /** Source text of that await, shortened (the site's name). */
  text?: string;
}

interface FindingBase extends SourcePlace {
  severity: Severity;
  message: string;
  /** Last line of the code the finding is about, when it spans lines. */
  endLine?: number;
  /** Every task involved, the main one first. */
  tasks: number[];
  /** Index of the loop (thread or process) in TraceModel.loops. */
  loop: number;
  /** Other places the finding refers to (the chain of awaiting tasks, the second await). */
  related: { place: SourcePlace; message: string }[];
}

export interface LoopBlockedData {
  task: TaskRef;
  /** Longest slice, in ms. */
  maxMs: number;
  totalMs: number;
  /** Slices longer than the threshold that ran this same stretch of code. */
  count: number;
  /** The slice began at this await (resumed), or at the function's start (`undefined`). */
  from?: SourcePlace;
  /** How the longest slice ended: at an await, by returning, by throwing, or still running when stopped. */
  until: { kind: 'await'; at: SourcePlace; text: string } | { kind: 'return' | 'throw' | 'stopped' };
  /** Tasks that were ready (woken, waiting for the thread) during the longest slice, with how long. */
  keptReady: { task: TaskRef; readyMs: number }[];
  /** Tasks that waited across the longest slice and ran in the next turn (their timer or I/O may have been due during it). */
  ranNext: TaskRef[];
  thresholdMs: number;
  /**
   * The slice's start was clocked (a task's first slice, or a trace recorded with exact resumes,
   * as `covis check` records). Otherwise it resumed at the time of the last clocked event before
   * it, and `maxMs` may include code without probes that ran in between: an upper bound.
   */
  exact: boolean;
}

export interface FloatingTaskData {
  task: TaskRef;
  /** How the promise was dropped: an expression statement `f();`, or a callback whose promise `forEach` (or an unused `map`) drops. */
  dropped: 'statement' | 'callback' | 'unknown';
  /** Tasks created at this call (the first one is `task`). */
  count: number;
  /** Of those, failed with nobody to catch it. */
  failed: number;
  /** Of those, still unfinished when the program ended. */
  unfinished: number;
  /** The task that made the call (it ended before them), when it is a task. */
  creator?: TaskRef;
  /** By how long the longest of them outlived its creator, in ms (`undefined`: it never ended). */
  outlivedMs?: number;
  /** Node reported the rejection as unhandled (the process died of it). */
  unhandled: boolean;
  /** Error summary of the first failure. */
  error?: string;
}

export interface SequentialAwaitsData {
  first: { at: SourcePlace; text: string };
  second: { at: SourcePlace; text: string };
  /** 'value': the first result is kept and the second does not use it; 'repeat': the same function awaited twice, results unused. */
  kind: 'value' | 'repeat';
  /** Times the task ran the pair. */
  count: number;
  /** What running the two together would have saved in the longest instance, and in all, in ms. */
  savedMs: number;
  totalSavedMs: number;
}

export type EndKind = 'exit' | 'stopped';

export interface WaitingAtExitData {
  /** The innermost waiting task: what it waits on is not another waiting task. */
  waiting: WaitLink;
  /** What it waits on: a wait kind name ('promise', 'timer', 'Promise.all', …) or 'running' (busy when stopped). */
  on: string;
  /** The tasks that wait on it, innermost first: each one waits on the one before. */
  chain: WaitLink[];
  /** How the program ended: ran dry ('exit'), or stopped (timeout, signal) while it still ran. */
  end: EndKind;
  /** How long it had been waiting at the end, in ms. */
  waitedMs: number;
}

export interface AwaitCycleData {
  /** The tasks of the cycle, each waiting on the next, the last on the first. */
  cycle: WaitLink[];
  /** Tasks outside the cycle that wait on it (directly or through others). */
  waitingOnIt: WaitLink[];
}

export type Finding =
  | (FindingBase & { ruleId: 'covis/loop-blocked'; data: LoopBlockedData })
  | (FindingBase & { ruleId: 'covis/floating-task'; data: FloatingTaskData })
  | (FindingBase & { ruleId: 'covis/sequential-awaits'; data: SequentialAwaitsData })
  | (FindingBase & { ruleId: 'covis/waiting-at-exit'; data: WaitingAtExitData })
  | (FindingBase & { ruleId: 'covis/await-cycle'; data: AwaitCycleData });

export type FindingOf<R extends RuleId> = Extract<Finding, { ruleId: R }>;

export interface FindingOptions {
  /** A running slice longer than this (ms) blocked the loop. Default 50. */
  blockMs?: number;
  /** Smallest saving (ms, in one instance) worth reporting a pair of sequential awaits. Default 10. */
  minSavingMs?: number;
  /** Rules to run; default all. */
  rules?: readonly RuleId[];
  /**
   * Trace time (ms, the first loop's clock) at which the checker stopped the program (a timeout,
   * a signal passed on): slices still running then ran until it, and the waits of that moment
   * are reported as such.
   */
  stoppedAt?: number;
}

/** Where a position of parsed code was written (TypeScript compiled before parsing). */
export type WrittenAt = (line: number, column: number) => { line: number; column: number };

/** A file's source as the parser should read it: JavaScript, and where its positions were written when it was compiled. */
export interface ParsableSource {
  code: string;
  writtenAt?: WrittenAt;
  /** The file as written, when `code` was compiled from it (its comments may mark findings as deliberate). */
  written?: string;
}

/**
 * The program's source files, for the rules that read code (sequential awaits, dropped
 * promises): plain JavaScript as a string, compiled code with its position mapping, or
 * undefined when the file cannot be had (those rules then say nothing about it).
 */
export type SourceAccess = (file: string) => string | ParsableSource | undefined;
