/**
 * The other loops a recorded program starts: worker threads and child processes. Each records
 * itself (the shim is inherited through execArgv and NODE_OPTIONS); this module names this loop
 * and records what ties loops together: which task started a worker or a process (Spawn), and
 * messages between them (Send, and Receive where the receiving side can be seen without
 * changing what keeps a loop alive: a Worker's and a ChildProcess's 'message' events).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { loopKey, type Hello } from '../protocol/events';
import { startingFileName } from './collector';
import { replace } from './loop';
import type { Recorder } from './recorder';

// The real module object (not a bundler's namespace copy): patching it is what user code sees.
const workerThreads = require('node:worker_threads') as typeof import('node:worker_threads');

/** Environment data a recording thread leaves for the worker it is starting (copied at creation). */
const LOOP_DATA = 'coroutine-visualizer.loop';

interface LoopData {
  parentThreadId: number;
  /** The worker's script or `name`, never its workerData. */
  label: string;
  /** Absolute path of the worker's script, when it is a file. */
  entry?: string;
}

/**
 * The file this loop was started to run, when it is not the program's own entry: a worker's
 * script, or a child process's (under a launcher, which tells its own child by pid).
 */
export function loopEntryFile(options: { parentPid?: number }): string | undefined {
  if (!workerThreads.isMainThread) return (workerThreads.getEnvironmentData(LOOP_DATA) as LoopData | undefined)?.entry;
  if (options.parentPid === undefined || options.parentPid === process.ppid || !process.argv[1]) return undefined;
  return path.resolve(process.argv[1]);
}

/** Who this loop is, for its Hello. */
export function describeLoop(): Pick<Hello, 'pid' | 'threadId' | 'ppid' | 'parentThreadId' | 'name'> {
  const { pid, ppid } = process;
  if (!workerThreads.isMainThread) {
    const data = workerThreads.getEnvironmentData(LOOP_DATA) as LoopData | undefined;
    const { threadId } = workerThreads;
    return { pid, ppid, threadId, parentThreadId: data?.parentThreadId ?? 0, name: `worker ${threadId}${data ? ` (${data.label})` : ''}` };
  }
  const entry = process.argv[1] ? path.basename(process.argv[1]) : 'node';
  const clusterId = clusterWorkerId();
  return { pid, ppid, threadId: 0, name: clusterId !== undefined ? `cluster worker ${clusterId} (pid ${pid})` : `${entry} (pid ${pid})` };
}

/**
 * Node sets a cluster worker up (and deletes NODE_UNIQUE_ID) before preloads run. Asked only if
 * Node loaded the cluster child module already: requiring `cluster` anywhere else would load it.
 */
function clusterWorkerId(): number | undefined {
  const loaded = (process as { moduleLoadList?: string[] }).moduleLoadList;
  if (!loaded?.includes('NativeModule internal/cluster/child')) return undefined;
  return (require('node:cluster') as { worker?: { id: number } }).worker?.id;
}

/**
 * `spool`: where a child Node process's loop will appear. Its start is marked there at once, so a
 * collector waits for a child that outlives its parent even before the child wrote a byte.
 */
export function watchOtherLoops(recorder: Recorder, spool: string): void {
  watchWorkers(recorder);
  if (workerThreads.parentPort) countSends(recorder, workerThreads.parentPort, `${loopKey(process.pid, workerThreads.threadId)}>up`);
  watchChildProcesses(recorder, spool);
  if (typeof process.send === 'function') countSends(recorder, process, `${loopKey(process.pid, 0)}>up`, 'send');
  // ESM named imports of builtins are copies; bring them in line with the patched objects.
  syncBuiltinESMExports();
}

type WorkerOptions = { name?: unknown; eval?: unknown } | undefined;

function workerEntry(filename: unknown, options: WorkerOptions): string | undefined {
  if (options?.eval) return undefined;
  try {
    if (filename instanceof URL || (typeof filename === 'string' && filename.startsWith('file:'))) return fileURLToPath(filename as string | URL);
    return typeof filename === 'string' ? path.resolve(filename) : undefined;
  } catch {
    return undefined;
  }
}

function workerLabel(entry: string | undefined, options: WorkerOptions): string {
  if (typeof options?.name === 'string' && options.name) return options.name;
  return entry ? path.basename(entry) : 'eval';
}

/**
 * `new Worker(...)` goes through a Proxy of the class (not a subclass: instances keep their
 * prototype, `Worker.name` and `length` stay), which tells the new thread who started it.
 */
function watchWorkers(recorder: Recorder): void {
  const Original = workerThreads.Worker;
  const proxied = new Proxy(Original, {
    construct(target, args: [unknown, WorkerOptions?], newTarget) {
      const entry = workerEntry(args[0], args[1]);
      workerThreads.setEnvironmentData(LOOP_DATA, { parentThreadId: workerThreads.threadId, label: workerLabel(entry, args[1]), entry } satisfies LoopData);
      const worker = Reflect.construct(target, args, newTarget) as InstanceType<typeof Original>;
      const key = loopKey(process.pid, worker.threadId);
      recorder.spawned(key);
      receiveOn(recorder, worker, `${key}>up`, `message from worker ${worker.threadId}`);
      countSends(recorder, worker, `${key}>down`);
      return worker;
    },
  });
  replace(workerThreads, 'Worker', proxied);
}

/**
 * Our listener goes first and opens the turn the message is delivered in. Adding it at creation
 * keeps lifetimes as they were: a later unref() still applies, as it would without it.
 */
function receiveOn(recorder: Recorder, target: NodeJS.EventEmitter, channel: string, label: string): void {
  let received = 0;
  target.prependListener('message', () => recorder.received(channel, ++received, label));
}

/**
 * Counts messages posted on `target`. Recorded (and written) before the message goes: the other
 * side may act on it at once, even kill this process. One that throws never arrives: its number
 * is given again.
 */
function countSends(recorder: Recorder, target: object, channel: string, method: 'postMessage' | 'send' = 'postMessage'): void {
  const original = (target as Record<string, unknown>)[method];
  if (typeof original !== 'function') return;
  let sent = 0;
  const counted = {
    [method](this: unknown) {
      recorder.sent(channel, ++sent);
      try {
        // eslint-disable-next-line prefer-rest-params -- passes on exactly what the caller gave
        return Reflect.apply(original, this, arguments) as unknown;
      } catch (error) {
        sent--;
        throw error;
      }
    },
  }[method];
  Object.defineProperty(counted, 'length', { value: original.length });
  // Not enumerable: the object looks the same to console.log and Object.keys.
  Object.defineProperty(target, method, { value: counted, writable: true, configurable: true, enumerable: false });
}

/** spawn/fork/exec/execFile: which task started the process; IPC messages of forked children. */
function watchChildProcesses(recorder: Recorder, spool: string): void {
  const childProcess = require('node:child_process') as Record<string, unknown>;
  for (const name of ['spawn', 'fork', 'exec', 'execFile']) {
    const original = childProcess[name];
    if (typeof original !== 'function') continue;
    const wrapped = {
      [name](this: unknown) {
        // eslint-disable-next-line prefer-rest-params -- passes on exactly what the caller gave
        const child = Reflect.apply(original, this, arguments) as ChildProcess;
        if (typeof child?.pid === 'number') watchChild(recorder, child, child.pid, spool);
        return child;
      },
    }[name];
    // util.promisify.custom and the like stay reachable.
    for (const key of Reflect.ownKeys(original)) {
      if (key !== 'name' && key !== 'length' && key !== 'prototype') Object.defineProperty(wrapped, key, Object.getOwnPropertyDescriptor(original, key)!);
    }
    Object.defineProperty(wrapped, 'length', { value: original.length });
    replace(childProcess, name, wrapped);
  }
}

function watchChild(recorder: Recorder, child: ChildProcess, pid: number, spool: string): void {
  const key = loopKey(pid, 0);
  recorder.spawned(key);
  if (isNode(child.spawnfile)) markStarting(spool, pid);
  if (typeof child.send !== 'function') return;
  receiveOn(recorder, child, `${key}>up`, `message from process ${pid}`);
  countSends(recorder, child, `${key}>down`, 'send');
}

function isNode(file: string | undefined): boolean {
  return !!file && (file === process.execPath || /^node(?:\.exe)?$/i.test(path.basename(file)));
}

function markStarting(spool: string, pid: number): void {
  try {
    fs.writeFileSync(path.join(spool, startingFileName(pid)), '', { mode: 0o600 });
  } catch {
    // The recording is over (its folder is gone): nothing to mark.
  }
}
