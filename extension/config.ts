/**
 * The extension's settings, read in one place with their defaults. `${workspaceFolder}`,
 * `${fileDirname}` and `${env:NAME}` are expanded in paths, arguments and env values, like
 * launch.json, so settings can be shared in a workspace.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sampleOptions, type SampleOptions } from '../protocol/events';
import { DEFAULT_BLOCK_MS } from '../protocol/findings';

export const SECTION = 'coroutineVisualizer';

export interface RunSettings {
  /** Node executable; "node" means the first one on PATH (the user's Node, not the editor's). */
  node: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  include?: string[];
  exclude?: string[];
  /** Sampled recording (protocol/events.ts sampleOptions): the first N instances of each coroutine function, then one in N growing sparser, and likewise the waits of each recorded task. */
  sample?: SampleOptions;
  /** Record only the program's main thread, not its worker threads and child Node processes. */
  mainOnly?: boolean;
  /** Exact slice starts for the findings (ShimOptions.clockResumes), when they are on. */
  clockResumes?: boolean;
  /** The `pythonPath` setting, when set (else the Python extension's interpreter, else python3: extension/python.ts). */
  python?: string;
}

export function readRunSettings(file: vscode.Uri): RunSettings {
  const config = vscode.workspace.getConfiguration(SECTION, file);
  const folder = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
  const expand = (value: string) =>
    value
      .replace(/\$\{workspaceFolder\}/g, folder ?? path.dirname(file.fsPath))
      .replace(/\$\{fileDirname\}/g, path.dirname(file.fsPath))
      .replace(/\$\{file\}/g, file.fsPath)
      .replace(/\$\{env:([^}]+)\}/g, (_m, name: string) => process.env[name] ?? '');
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The editor's own Node settings must not leak into the user's program.
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  for (const [key, value] of Object.entries(config.get<Record<string, string | null>>('env') ?? {})) {
    if (value === null) delete env[key];
    else env[key] = expand(String(value));
  }
  const cwd = config.get<string>('cwd') || folder || path.dirname(file.fsPath);
  const include = config.get<string[]>('include') ?? [];
  const exclude = config.get<string[]>('exclude') ?? [];
  const sampleCount = Math.floor(config.get<number>('sample') ?? 0);
  return {
    node: expand(config.get<string>('nodePath') || 'node'),
    args: (config.get<string[]>('args') ?? []).map(expand),
    cwd: expand(cwd),
    env,
    ...(include.length ? { include } : {}),
    ...(exclude.length ? { exclude } : {}),
    ...(sampleCount >= 2 ? { sample: sampleOptions(sampleCount) } : {}),
    ...(config.get<boolean>('recordWorkersAndChildren') === false ? { mainOnly: true } : {}),
    // The findings blame slices: their starts must be clocked, as covis check records them.
    ...(config.get<boolean>('findings.enabled') !== false ? { clockResumes: true } : {}),
    ...(config.get<string>('pythonPath') ? { python: expand(config.get<string>('pythonPath')!) } : {}),
  };
}

export const RUNNABLE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mts', '.mjs', '.cts', '.cjs', '.py'];

export function isRunnable(file: vscode.Uri): boolean {
  return file.scheme === 'file' && RUNNABLE_EXTENSIONS.includes(path.extname(file.fsPath).toLowerCase());
}

export interface FindingSettings {
  /** Compute findings when a run ends (Problems panel, the panel's list). */
  enabled: boolean;
  /** A running slice longer than this (ms) blocked the loop. */
  blockMs: number;
}

export function readFindingSettings(scope?: vscode.Uri): FindingSettings {
  const config = vscode.workspace.getConfiguration(`${SECTION}.findings`, scope);
  const blockMs = Number(config.get<number>('blockMs'));
  return { enabled: config.get<boolean>('enabled') !== false, blockMs: Number.isFinite(blockMs) && blockMs > 0 ? blockMs : DEFAULT_BLOCK_MS };
}
