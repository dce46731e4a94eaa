/**
 * Which Python runs a .py file: the `pythonPath` setting when set; else the interpreter the
 * Python extension (ms-python.python) has selected for the file, when it is installed; else
 * python3 from PATH (runtime/python.ts pythonCommand). The Python extension's API is read
 * defensively: it has changed shape over the years, and it is not ours.
 */
import * as vscode from 'vscode';
import type { Log } from './log';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
}

export async function pythonInterpreter(file: vscode.Uri, setting: string | undefined, log: Log): Promise<string | undefined> {
  if (setting) return setting;
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const chosen = api?.environments?.getActiveEnvironmentPath?.(file)?.path ?? api?.settings?.getExecutionDetails?.(file)?.execCommand?.[0];
    if (chosen) log.info(`python: the Python extension's interpreter ${chosen}`);
    return chosen || undefined;
  } catch (error) {
    log.error(`python: could not ask the Python extension for its interpreter (${(error as Error).message}); using python3`);
    return undefined;
  }
}
