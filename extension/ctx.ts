/**
 * The extension's state in one object that every command factory and provider receives:
 * the log, the trace being looked at (live or opened), the running session, and one
 * throttled "the trace changed" event that the panel, hover, CodeLens, decorations and
 * status bar all follow.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createLog, type Log } from './log';
import type { Session } from './session';
import type { Trace } from './trace';

/** Live updates arrive per pipe chunk; views redraw at most this often. */
const UPDATE_INTERVAL_MS = 100;
const LAST_TRACE_KEY = 'coroutineVisualizer.lastTracePath';

export class Ctx implements vscode.Disposable {
  readonly log: Log & vscode.Disposable;
  readonly subscriptions: vscode.Disposable[] = [];
  private currentTrace?: Trace;
  private currentSession?: Session;
  private traceSubscription?: { dispose(): void };
  private timer?: ReturnType<typeof setTimeout>;
  private readonly changed = new vscode.EventEmitter<Trace | undefined>();
  /** Fires (throttled) when the current trace is replaced or grows, and when a session ends. */
  readonly onDidChangeTrace = this.changed.event;
  private readonly replaced = new vscode.EventEmitter<Trace | undefined>();
  /** Fires at once when a different trace becomes current (the panel re-sends everything). */
  readonly onDidReplaceTrace = this.replaced.event;
  /** Tests set this to exercise the untrusted-workspace path (code-server runs trusted). */
  trustOverride?: boolean;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = createLog();
    this.subscriptions.push(this.log, this.changed, this.replaced);
  }

  get registerPath(): string {
    return path.join(this.extension.extensionPath, 'dist', 'register.js');
  }

  get isTrusted(): boolean {
    return this.trustOverride ?? vscode.workspace.isTrusted;
  }

  get trace(): Trace | undefined {
    return this.currentTrace;
  }

  get session(): Session | undefined {
    return this.currentSession;
  }

  /**
   * The trace file last opened or saved: what a panel restored after a reload shows (the
   * webview's own state cannot know the path; a live session does not survive a reload).
   */
  get lastTracePath(): string | undefined {
    return this.extension.workspaceState.get<string>(LAST_TRACE_KEY);
  }

  set lastTracePath(file: string | undefined) {
    void this.extension.workspaceState.update(LAST_TRACE_KEY, file);
  }

  setTrace(trace: Trace | undefined, session?: Session): void {
    this.traceSubscription?.dispose();
    if (trace?.origin.tracePath || session) this.lastTracePath = trace?.origin.tracePath;
    this.currentTrace = trace;
    // A new run replaces the previous one (stopped, its terminal closed); opening a trace file
    // leaves a running program alone so Stop still reaches it.
    if (session) {
      if (this.currentSession && this.currentSession !== session) this.currentSession.dispose();
      this.currentSession = session;
    }
    this.traceSubscription = trace?.onDidChange((t) => (t.live ? this.schedule() : this.fireNow()));
    void vscode.commands.executeCommand('setContext', 'coroutineVisualizer.hasTrace', !!trace);
    void vscode.commands.executeCommand('setContext', 'coroutineVisualizer.running', !!trace?.live);
    this.replaced.fire(trace);
    this.fireNow();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.fireNow(), UPDATE_INTERVAL_MS);
  }

  private fireNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.currentTrace && !this.currentTrace.live) void vscode.commands.executeCommand('setContext', 'coroutineVisualizer.running', false);
    this.changed.fire(this.currentTrace);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.traceSubscription?.dispose();
    this.currentSession?.dispose();
    for (const d of this.subscriptions.splice(0).reverse()) d.dispose();
  }
}
