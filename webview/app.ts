/** Placeholder shell (replaced by the full view): shows what the session holds. */
import type { FromWebviewMessage, WebviewPersistedState } from '../protocol/webviewMessages';
import { TraceSession } from './session';

export interface Host {
  inVsCode: boolean;
  post(message: FromWebviewMessage): void;
  getState(): WebviewPersistedState | undefined;
  setState(state: WebviewPersistedState): void;
}

export interface App {
  reset(bytes: Uint8Array | undefined, live: boolean, title?: string): void;
  append(bytes: Uint8Array): void;
  status(text: string, live: boolean): void;
  selectTask(taskId: number): void;
  showMessage(text: string): void;
}

export function createApp(root: HTMLElement, _host: Host, _title?: string): App {
  const session = new TraceSession();
  const show = (): void => {
    root.textContent = session.problem.kind !== 'none' ? session.problem.message : `${session.model.tasks.length} tasks`;
  };
  return {
    reset: (bytes, live) => (session.reset(bytes, live), show()),
    append: (bytes) => (session.append(bytes), show()),
    status: () => undefined,
    selectTask: () => undefined,
    showMessage: (text) => (root.textContent = text),
  };
}
