/**
 * Entry of dist/webview.js. Inside VS Code it talks to the host (ready → reset/append...);
 * in the standalone page it reads the trace embedded by `covis view --html`.
 */
import type { Finding } from '../protocol/findings/types';
import { FromWebviewMessage, FromWebviewType, ToWebviewMessage, ToWebviewType } from '../protocol/webviewMessages';
import { createApp } from './app';
import type { Host, ViewPersistedState } from './viewState';
import { base64ToBytes } from './session';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): ViewPersistedState | undefined;
  setState(state: ViewPersistedState): void;
}

declare global {
  // Provided by VS Code inside webviews only.
  function acquireVsCodeApi(): VsCodeApi;
}

function boot(): void {
  const root = document.getElementById('covis-root') ?? document.body;
  const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  const host: Host = {
    inVsCode: Boolean(vscode),
    post: (message) => vscode?.postMessage(message),
    getState: () => vscode?.getState(),
    setState: (state) => vscode?.setState(state),
  };
  const app = createApp(root, host, root.getAttribute('data-title') ?? undefined);
  if (vscode) {
    window.addEventListener('message', (event: MessageEvent<ToWebviewMessage>) => {
      const message = event.data;
      try {
        switch (message?.type) {
          case ToWebviewType.Reset:
            app.reset(toBytes(message.bytes), Boolean(message.live), message.title);
            break;
          case ToWebviewType.Append:
            app.append(toBytes(message.bytes) ?? new Uint8Array(0));
            break;
          case ToWebviewType.Status:
            app.status(message.text, message.live);
            break;
          case ToWebviewType.SelectTask:
            app.selectTask(message.taskId);
            break;
          case ToWebviewType.Findings:
            app.findings(Array.isArray(message.findings) ? message.findings : []);
            break;
        }
      } catch (error) {
        host.post({ type: FromWebviewType.Error, message: String((error as Error)?.stack ?? error) });
      }
    });
    host.post({ type: FromWebviewType.Ready });
    return;
  }
  const embedded = document.getElementById('covis-trace');
  if (embedded) {
    app.reset(base64ToBytes(embedded.textContent ?? ''), false);
    const findings = embeddedFindings();
    if (findings) app.findings(findings);
  } else app.showMessage('No trace loaded. Open a .covis trace with `covis view trace.covis --html out.html`.');
}

/** The findings `covis view --html` computed when it wrote the page (JSON in a non-executed script element). */
function embeddedFindings(): Finding[] | undefined {
  const text = document.getElementById('covis-findings')?.textContent;
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as Finding[]) : undefined;
  } catch {
    return undefined;
  }
}

/** postMessage may deliver a Uint8Array, an ArrayBuffer or (structured-clone fallbacks) a plain array. */
function toBytes(data: unknown): Uint8Array | undefined {
  if (data === undefined || data === null) return undefined;
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  if (typeof data === 'object') return Uint8Array.from(Object.values(data as Record<string, number>));
  return undefined;
}

boot();
