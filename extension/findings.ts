/**
 * The findings of the trace being looked at (protocol/findings.ts), computed once it is
 * complete: when a run or a recording terminal ends, or at once for a trace file that was opened.
 * The program's files are read (and TypeScript compiled) through programSources, so the rules
 * that read code see what ran. A new trace clears them; so does turning the setting off.
 * The Problems panel (diagnostics.ts), the quick fix (quickFix.ts) and the panel follow it.
 */
import * as vscode from 'vscode';
import { findFindings, type Finding } from '../protocol/findings';
import { programSources } from '../runtime/findingSources';
import { readFindingSettings, SECTION } from './config';
import type { Ctx } from './ctx';
import type { Trace } from './trace';

export interface TraceFindingsChange {
  trace: Trace | undefined;
  findings: readonly Finding[];
}

export class TraceFindings implements vscode.Disposable {
  private trace?: Trace;
  private list: readonly Finding[] = [];
  private readonly changed = new vscode.EventEmitter<TraceFindingsChange>();
  /** Fires when the list is replaced: computed for a finished trace, or cleared. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      ctx.onDidReplaceTrace(() => this.clear()),
      ctx.onDidChangeTrace((trace) => {
        if (trace && !trace.live && trace !== this.trace) this.compute(trace);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!event.affectsConfiguration(`${SECTION}.findings`)) return;
        const trace = this.ctx.trace;
        this.clear();
        if (trace && !trace.live) this.compute(trace);
      }),
    );
  }

  /** The findings of the current trace (empty while it runs, or when the setting is off). */
  get findings(): readonly Finding[] {
    return this.list;
  }

  /** The trace the findings belong to, once it has been checked. */
  get checked(): Trace | undefined {
    return this.trace;
  }

  private compute(trace: Trace): void {
    this.trace = trace;
    const settings = readFindingSettings(trace.origin.program ? vscode.Uri.file(trace.origin.program) : undefined);
    if (!settings.enabled) return;
    const started = Date.now();
    try {
      this.list = findFindings(trace.model, { blockMs: settings.blockMs }, programSources());
    } catch (error) {
      // A rule must never take the trace view down with it: log it, show the lanes without findings.
      this.ctx.log.error(`findings of ${trace.origin.title} could not be computed: ${String((error as Error)?.stack ?? error)}`);
      this.list = [];
    }
    this.ctx.log.info(`findings of ${trace.origin.title}: ${this.list.length} (${Date.now() - started} ms)`);
    this.changed.fire({ trace, findings: this.list });
  }

  private clear(): void {
    const had = this.list.length > 0 || this.trace !== undefined;
    this.trace = undefined;
    this.list = [];
    if (had) this.changed.fire({ trace: undefined, findings: [] });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
