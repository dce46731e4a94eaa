/**
 * The swimlane panel: one WebviewPanel beside the editor showing the current trace.
 * A hidden webview cannot receive messages, so we post only while it is visible and send a
 * full snapshot (Reset with every byte so far) whenever it becomes visible again or says
 * Ready; in between, live sessions send only the new bytes (Append). A serializer brings the
 * panel back after a reload, from the live trace or from the trace file it showed.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  FromWebviewType,
  ToWebviewType,
  type FromWebviewMessage,
  type ToWebviewMessage,
  type WebviewPersistedState,
} from '../protocol/webviewMessages';
import type { Finding } from '../protocol/findings';
import { makeNonce, renderWebviewHtml } from '../webview/html';
import type { Ctx } from './ctx';
import type { TraceFindings } from './findings';
import { traceStatus } from './taskText';
import { restoredTitle } from './lastRun';
import { Trace } from './trace';

export const PANEL_VIEW_TYPE = 'coroutineVisualizer.swimlanes';

/** What the panel has sent and heard; the test suite reads it. */
export interface PanelStats {
  ready: number;
  resets: number;
  appends: number;
  bytesSent: number;
  selects: number;
  /** Findings messages sent, and how many findings the last one held. */
  findingsMessages: number;
  findings: number;
}

const NO_FINDINGS: readonly Finding[] = [];

export class PanelManager implements vscode.WebviewPanelSerializer<WebviewPersistedState>, vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private ready = false;
  /** Bytes of the current trace the webview already has; -1 = it needs a full Reset. */
  private sent = -1;
  private shown?: Trace;
  /** A task to select once the webview has the snapshot (it may still be loading). */
  private pendingSelect?: number;
  /** The findings list the webview has (a Reset empties it). */
  private findingsSent: readonly Finding[] = NO_FINDINGS;
  readonly stats: PanelStats = { ready: 0, resets: 0, appends: 0, bytesSent: 0, selects: 0, findingsMessages: 0, findings: 0 };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly findings: TraceFindings,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, this),
      ctx.onDidReplaceTrace(() => (this.sent = -1)),
      ctx.onDidChangeTrace(() => this.sync()),
      findings.onDidChange(() => this.sync()),
    );
  }

  get visible(): boolean {
    return !!this.panel?.visible;
  }

  /** Opens (or reveals) the panel beside the active editor. */
  show(preserveFocus = true): void {
    if (this.panel) {
      this.panel.reveal(undefined, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'Coroutines', { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist')],
    });
    this.attach(panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: WebviewPersistedState | undefined): Promise<void> {
    this.attach(panel);
    // After a reload the live session is gone; the trace file it showed (if any) comes back.
    const file = state?.tracePath ?? this.ctx.lastTracePath;
    if (!this.ctx.trace && file && fs.existsSync(file)) {
      try {
        const bytes = await fs.promises.readFile(file);
        this.ctx.setTrace(Trace.fromBytes({ title: restoredTitle(file), tracePath: file }, bytes));
      } catch (error) {
        this.ctx.log.error(`could not restore ${file}: ${(error as Error).message}`);
      }
    }
  }

  selectTask(taskId: number): void {
    this.show(false);
    this.stats.selects++;
    // If the webview is not ready yet the selection is sent after the snapshot.
    this.pendingSelect = taskId;
    this.sync();
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.panel = panel;
    this.ready = false;
    this.sent = -1;
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist')],
    };
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    panel.onDidChangeViewState(() => {
      if (!panel.visible) this.sent = -1;
      else this.sync();
    });
    panel.webview.onDidReceiveMessage((message: FromWebviewMessage) => this.receive(message));
  }

  private html(webview: vscode.Webview): string {
    const dist = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist');
    const css = vscode.Uri.joinPath(dist, 'webview.css');
    return renderWebviewHtml({
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: fs.existsSync(css.fsPath) ? webview.asWebviewUri(css).toString() : undefined,
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      title: 'Coroutines',
    });
  }

  private receive(message: FromWebviewMessage): void {
    switch (message.type) {
      case FromWebviewType.Ready:
        this.ready = true;
        this.stats.ready++;
        this.sent = -1;
        this.sync();
        break;
      case FromWebviewType.Reveal:
        void this.reveal(message.file, message.line, message.column);
        break;
      case FromWebviewType.TaskSelected:
        this.ctx.log.info(`task ${message.taskId} selected in the panel`);
        break;
      case FromWebviewType.Error:
        this.ctx.log.error(`panel: ${message.message}`);
        break;
    }
  }

  private async reveal(file: string, line: number, column: number): Promise<void> {
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position), preserveFocus: false });
    } catch (error) {
      this.ctx.log.error(`cannot open ${file}: ${(error as Error).message}`);
    }
  }

  /** Brings the webview up to date with the current trace, if it can hear us. */
  private sync(): void {
    const panel = this.panel;
    if (!panel || !panel.visible || !this.ready) return;
    const trace = this.ctx.trace;
    if (trace !== this.shown) this.sent = -1;
    this.shown = trace;
    if (!trace) {
      if (this.sent !== 0) this.post({ type: ToWebviewType.Reset, title: 'No trace yet: run a file with "Coroutine Visualizer: Run and Visualize Current File"' });
      this.sent = 0;
      this.findingsSent = NO_FINDINGS;
      return;
    }
    const length = trace.bytes.length;
    if (this.sent < 0) {
      this.post({ type: ToWebviewType.Reset, bytes: trace.bytes.slice(), title: trace.origin.title, live: trace.live });
      this.findingsSent = NO_FINDINGS;
      this.stats.resets++;
      this.stats.bytesSent = length;
    } else if (length > this.sent) {
      this.post({ type: ToWebviewType.Append, bytes: trace.bytes.slice(this.sent, length) });
      this.stats.appends++;
      this.stats.bytesSent += length - this.sent;
    }
    this.sent = length;
    this.post({ type: ToWebviewType.Status, live: trace.live, text: this.statusText(trace) });
    const findings = this.findings.checked === trace ? this.findings.findings : NO_FINDINGS;
    if (findings !== this.findingsSent) {
      this.post({ type: ToWebviewType.Findings, findings: [...findings] });
      this.findingsSent = findings;
      this.stats.findingsMessages++;
      this.stats.findings = findings.length;
    }
    if (this.pendingSelect !== undefined) {
      this.post({ type: ToWebviewType.SelectTask, taskId: this.pendingSelect });
      this.pendingSelect = undefined;
    }
  }

  private statusText(trace: Trace): string {
    const status = traceStatus(trace.model);
    if (trace.live) return `running: ${status}`;
    const end = trace.model.end;
    const how = end ? (end.signal ? `ended on ${end.signal}` : `exited with code ${end.exitCode}`) : 'cut short';
    return `${how}: ${status}`;
  }

  private post(message: ToWebviewMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
