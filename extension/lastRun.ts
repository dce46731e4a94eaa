/**
 * Keeps the trace of the last finished run in the extension's workspace storage, so that a
 * panel restored after a window reload shows it again even when the user never saved it (a
 * live session itself cannot survive a reload). Only this one file per program name is kept;
 * nothing is written next to the user's files.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Trace } from './trace';

const FOLDER = 'last-runs';
const SUFFIX = '.covis';

/** Where the last run of `program` is kept, or undefined when VS Code gives no storage. */
export function lastRunUri(extension: vscode.ExtensionContext, program: string): vscode.Uri | undefined {
  const storage = extension.storageUri ?? extension.globalStorageUri;
  return storage ? vscode.Uri.joinPath(storage, FOLDER, `${path.basename(program)}${SUFFIX}`) : undefined;
}

/** Writes the finished trace there; returns the file, or undefined when it could not be kept. */
export async function keepLastRun(extension: vscode.ExtensionContext, trace: Trace): Promise<vscode.Uri | undefined> {
  const program = trace.origin.program;
  const uri = program ? lastRunUri(extension, program) : undefined;
  if (!uri) return undefined;
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, trace.bytes.slice());
  return uri;
}

/** The title a restored trace gets: "app.ts (last run)" for a kept run, else the file name. */
export function restoredTitle(file: string): string {
  const name = path.basename(file);
  return path.basename(path.dirname(file)) === FOLDER && name.endsWith(SUFFIX) ? `${name.slice(0, -SUFFIX.length)} (last run)` : name;
}
