/** The output channel everything is logged to; errors are also shown to the user once. */
import * as vscode from 'vscode';

export interface Log {
  info(message: string): void;
  error(message: string): void;
  show(): void;
}

export function createLog(): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Coroutine Visualizer', { log: true });
  return {
    info: (message) => channel.info(message),
    error: (message) => channel.error(message),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

/** Logs and shows an error with a button that opens the log, so the details are one click away. */
export function showError(log: Log, message: string): void {
  log.error(message);
  void vscode.window.showErrorMessage(`Coroutine Visualizer: ${message}`, 'Show Log').then((choice) => {
    if (choice === 'Show Log') log.show();
  });
}
