#!/usr/bin/env node
/**
 * covis: record a program's coroutines outside the editor, and convert saved traces.
 *   covis record [--out FILE] [--format covis|chrome] -- app.ts [args...]
 *   covis record [--out FILE] [--python PATH] -- app.py [args...]   (a Python program, docs/python.md)
 *   covis record [--out FILE] -- npx mocha 'test/**\/*.ts'      (a command: its Node processes load the shim)
 *   covis check [--format text|json|sarif] [--timeout 5s] -- app.ts   (findings of a run; exit 1 when any)
 *   covis export trace.covis --format chrome --out t.json
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toChromeTrace } from '../protocol/chromeTrace';
import { SAMPLE_SPREAD, SAMPLE_STEP } from '../protocol/events';
import { decodeTrace } from '../protocol/frames';
import { buildModel, TraceModel } from '../protocol/model';
import type { StreamListener } from './launch';
import { SOURCE_EXTENSIONS } from './filter';
import { nothingRecordedHint, recordRun, type RunOptions } from './recordRun';
import { PYTHON_EXTENSIONS, pythonCommand } from './python';
import { formatSummary } from './traceSummary';
import { CheckUsageError, CONFIG_FILE, parseDuration, runCheck, type CheckOptions } from './check';
import { RULE_IDS } from '../protocol/findings';
import { writeStandaloneHtml } from './viewCommand';
import { renderTextLanes } from './textLanes';
import { readTraceFile, TraceFileError } from './traceFile';

function fail(message: string): never {
  process.stderr.write(`covis: ${message}\n`);
  process.exit(2);
}

function readModel(file: string): TraceModel {
  try {
    return readTraceFile(file);
  } catch (error) {
    if (error instanceof TraceFileError) fail(error.message);
    throw error;
  }
}

function writeChrome(model: TraceModel, out: string): void {
  fs.writeFileSync(out, JSON.stringify(toChromeTrace(model)));
}

interface RecordOptions extends RunOptions {
  out?: string;
  format: 'covis' | 'chrome';
  quiet?: boolean;
}

/** Where the collected stream goes: the .covis file as it comes, or kept for the Chrome export. */
function traceOutput(out: string, options: RecordOptions): { listener: StreamListener; close(): boolean } {
  const chunks: Uint8Array[] = [];
  let file: number | undefined;
  const listener: StreamListener = {
    onBytes: (bytes) => {
      if (options.format === 'chrome') chunks.push(bytes.slice());
      else fs.writeSync((file ??= fs.openSync(out, 'w')), bytes);
    },
    onError: (error) => process.stderr.write(`covis: trace stream problem: ${error.message}\n`),
    onWaiting: (pids) => process.stderr.write(`covis: the program ended; still recording ${pids.length === 1 ? 'process' : 'processes'} ${pids.join(', ')} it started (Ctrl+C stops)\n`),
  };
  return {
    listener,
    /** Whether anything was recorded. */
    close: () => {
      if (file !== undefined) fs.closeSync(file);
      if (options.format === 'chrome' && chunks.length) writeChrome(buildModel(decodeTrace(Buffer.concat(chunks)).frames), out);
      return file !== undefined || chunks.length > 0;
    },
  };
}

/** Why a program could not be started, in words: a missing Python interpreter says which one and how to name another. */
function cannotRun(program: string, error: NodeJS.ErrnoException, options: RunOptions): string {
  if (error.code === 'ENOENT' && PYTHON_EXTENSIONS.some((ext) => program.endsWith(ext))) {
    return `cannot run ${program}: no Python interpreter \`${pythonCommand(options.python)}\` (install Python 3.11 or later, or name one with --python PATH or COVIS_PYTHON)`;
  }
  return `cannot run ${program}: ${error.message}`;
}

async function record(program: string, args: string[], options: RecordOptions): Promise<void> {
  if ([...SOURCE_EXTENSIONS, ...PYTHON_EXTENSIONS].some((ext) => program.endsWith(ext)) && !fs.existsSync(program)) fail(`no such file: ${program}`);
  if (options.sample && PYTHON_EXTENSIONS.some((ext) => program.endsWith(ext))) process.stderr.write('covis: --sample is not supported for Python programs; recording everything\n');
  if (options.out) {
    try {
      fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    } catch (error) {
      fail(`cannot write the trace ${options.out}: ${(error as Error).message}`);
    }
  }
  const out = options.out ?? (options.format === 'chrome' ? 'trace.chrome.json' : 'trace.covis');
  fs.rmSync(out, { force: true });
  const output = traceOutput(out, options);
  const { code, signal } = await recordRun(program, args, output.listener, options).catch((error: NodeJS.ErrnoException) => fail(cannotRun(program, error, options)));
  if (!output.close()) process.stderr.write(`covis: ${nothingRecordedHint(program, args)}\n`);
  if (fs.existsSync(out)) finishRecording(out, options, code, signal);
  else process.exitCode = code ?? 1;
}

function finishRecording(out: string, options: RecordOptions, code: number | null, signal: NodeJS.Signals | null): void {
  if (!options.quiet) {
    const model = options.format === 'covis' ? readModel(out) : undefined;
    process.stderr.write(`covis: trace written to ${out}${model ? ` (${formatSummary(model)})` : ''}\n`);
  }
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exitCode = code ?? 1;
}

function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of milliseconds');
  return n;
}

function parseDurationOption(value: string): number {
  try {
    return parseDuration(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function main(argv: string[]): void {
  const program = new Command('covis')
    .description('Record and inspect the coroutines (async functions, generators) of a Node program.')
    .showHelpAfterError();

  program
    .command('record')
    .description('run a program under the shim and write its trace; stdin/stdout/stderr and the exit code pass through')
    .argument('<program>', 'the .ts/.tsx/.mts/.cts/.js/.jsx/.mjs/.cjs file to run, a .py file (run with python3), or a command whose Node processes are recorded (node --test, npx mocha, npm test)')
    .argument('[args...]', 'arguments for the program or command (put them after --)')
    .option('-o, --out <file>', 'where to write the trace (default trace.covis, or trace.chrome.json with --format chrome)')
    .option('--python <path>', 'the Python interpreter for a .py program (default: $COVIS_PYTHON, else python3)')
    .addOption(new Option('-f, --format <format>', 'trace format').choices(['covis', 'chrome']).default('covis'))
    .option('--include <glob...>', 'only instrument files matching these globs')
    .option('--exclude <glob...>', 'never instrument files matching these globs (node_modules is always excluded)')
    .option('-q, --quiet', 'do not print where the trace went')
    .option('--main-only', 'record only the main thread of the program (or, for a command, of the first process that runs a file of yours), not the worker threads and Node processes it starts')
    .option('--sample <every>', `record the first <every> instances of each coroutine function, then one in <every>, sparser (one in 2x<every>, 4x…, after every ${SAMPLE_STEP} samples) while it stays hot, up to one in ${SAMPLE_SPREAD}x<every>; likewise the waits of each recorded task (low overhead)`, (v) => {
      const every = Number(v);
      if (!Number.isInteger(every) || every < 2) throw new InvalidArgumentError('expected an integer of 2 or more');
      return every;
    })
    .action((file: string, args: string[], options) => record(file, args, options));

  program
    .command('check')
    .description('run a program under the shim (or read a saved trace) and report what the run proves wrong: the loop blocked, promises nobody awaited, independent awaits run one after the other, tasks still waiting at the end, await cycles (docs/findings.md); exits 1 when it found something')
    .argument('<program>', 'the program file or command to run (as for record), or a .covis trace')
    .argument('[args...]', 'arguments for the program or command (put them after --)')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['text', 'json', 'sarif']).default('text'))
    .option('-o, --out <file>', 'write the report there (default: stderr for text, stdout for json and sarif, after the program has ended)')
    .option('--trace <file>', 'also keep the recorded trace there')
    .option('--timeout <duration>', 'stop the program after this long (5s, 500ms, 2m) and report every task\'s wait at that moment', parseDurationOption)
    .option('--block-ms <ms>', 'a running slice longer than this blocked the loop (default 50)', parseNumber)
    .option('--min-saving-ms <ms>', 'report sequential awaits only when running them together would have saved this much (default 10)', parseNumber)
    .option('--rules <ids...>', `run only these rules (${RULE_IDS.join(', ')}; the covis/ prefix may be left out)`)
    .option('--disable <ids...>', 'do not run these rules')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at least this severe').choices(['error', 'warning', 'note', 'never']))
    .option('--config <file>', `settings (default ./${CONFIG_FILE} when there is one: {"check": {"blockMs", "minSavingMs", "timeout", "failOn", "rules": {"id": "off" | severity}}})`)
    .option('--include <glob...>', 'only instrument files matching these globs')
    .option('--exclude <glob...>', 'never instrument files matching these globs (node_modules is always excluded)')
    .option('--main-only', 'record only the main thread of the program')
    .option('--python <path>', 'the Python interpreter for a .py program (default: $COVIS_PYTHON, else python3)')
    .action(async (file: string, args: string[], options: CheckOptions & { timeout?: number }) => {
      try {
        process.exitCode = await runCheck(file, args, { ...options, ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}) });
      } catch (error) {
        if (error instanceof CheckUsageError) fail(error.message);
        throw error;
      }
    });

  program
    .command('export')
    .description('convert a saved .covis trace')
    .argument('<trace>', 'a trace written by covis record or COVIS_TRACE')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['chrome']).default('chrome'))
    .requiredOption('-o, --out <file>', 'output file')
    .action((trace: string, options: { out: string }) => {
      writeChrome(readModel(trace), options.out);
      process.stderr.write(`covis: wrote ${options.out}\n`);
    });

  program
    .command('summary')
    .description('print what a saved trace holds (tasks, events, how it ended)')
    .argument('<trace>', 'a .covis trace')
    .action((trace: string) => {
      process.stdout.write(`${formatSummary(readModel(trace))}\n`);
    });

  program
    .command('lanes')
    .description('draw a saved trace as text swimlanes in the terminal')
    .argument('<trace>', 'a .covis trace')
    .option('-w, --width <columns>', 'columns of the time axis', '72')
    .option('-n, --lanes <count>', 'most task lanes to show', '40')
    .action((trace: string, options: { width: string; lanes: string }) => {
      const model = readModel(trace);
      process.stdout.write(`${renderTextLanes(model, { width: Number(options.width), maxLanes: Number(options.lanes) })}\n${formatSummary(model)}\n`);
    });

  program
    .command('view')
    .description('write one self-contained HTML page showing the swimlanes of a saved trace')
    .argument('<trace>', 'a .covis trace')
    .requiredOption('--html <file>', 'the page to write')
    .action((trace: string, options: { html: string }) => {
      writeStandaloneHtml({ trace, html: options.html });
      process.stderr.write(`covis: wrote ${options.html}\n`);
    });

  program.parseAsync(argv).catch((error: Error) => fail(error.message));
}

main(process.argv);
