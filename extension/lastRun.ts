/**
 * Keeps the trace of the latest run of each program in the extension's workspace storage, so
 * that a panel restored after a window reload shows it again even when the user never saved it.
 * The bytes are written as they arrive, not at the end: a reload in the middle of a run still
 * brings back what was recorded until then (marked cut short). One file per program name;
 * nothing is written next to the user's files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

const FOLDER = 'last-runs';
const SUFFIX = '.covis';

/** Where the last run of `program` is kept, or undefined without a local storage folder. */
export function lastRunPath(extension: vscode.ExtensionContext, program: string): string | undefined {
  const storage = extension.storageUri ?? extension.globalStorageUri;
  if (!storage || storage.scheme !== 'file') return undefined;
  return path.join(storage.fsPath, FOLDER, `${path.basename(program)}${SUFFIX}`);
}

/** The title a restored trace gets: "app.ts (last run)" for a kept run, else the file name. */
export function restoredTitle(file: string): string {
  const name = path.basename(file);
  return path.basename(path.dirname(file)) === FOLDER && name.endsWith(SUFFIX) ? `${name.slice(0, -SUFFIX.length)} (last run)` : name;
}

/** Appends a run's bytes to its kept file; failures are reported once and never stop the run. */
export class KeptRun {
  private fd: number | undefined;
  private failed = false;

  constructor(
    readonly file: string,
    private readonly onError: (message: string) => void,
  ) {}

  append(bytes: Uint8Array): void {
    if (this.failed) return;
    try {
      // Opened with the first bytes: a run that records nothing leaves the previous one in place.
      if (this.fd === undefined) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.fd = fs.openSync(this.file, 'w', 0o600);
      }
      // Synchronous: chunks are small and must land in order; a reload may come at any moment.
      fs.writeSync(this.fd, bytes);
    } catch (error) {
      this.fail(error);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      fs.closeSync(this.fd);
    } catch (error) {
      this.onError(`could not finish ${this.file}: ${(error as Error).message}`);
    }
    this.fd = undefined;
  }

  private fail(error: unknown): void {
    this.failed = true;
    this.onError(`could not keep the run for reloads in ${this.file}: ${(error as Error).message}`);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
