/**
 * Hover for coroutine state. After a run (live or finished) it answers from the trace: how
 * many instances a function had, each one's state, running vs suspended time, with links that
 * select a task in the panel. Before any run it explains, in the seed's terms, what calling the
 * function will do — including the way JavaScript differs from Python — and offers to run it.
 */
import * as vscode from 'vscode';
import { formatMs } from '../protocol/format';
import type { TaskInfo, TraceModel } from '../protocol/model';
import { scanCoroutines, type ScannedFunction } from './asyncScan';
import { isRunnable } from './config';
import type { Ctx } from './ctx';
import { SiteIndex, type HoverTarget } from './siteIndex';
import { countStates, loopSpread, taskNotes, taskState, timeSplit } from './taskText';

const MAX_LISTED = 8;
export const HOVER_COMMANDS = ['coroutineVisualizer.selectTask', 'coroutineVisualizer.visualizeFile'];

export class CoroutineHoverProvider implements vscode.HoverProvider {
  private index?: { model: TraceModel; index: SiteIndex };

  constructor(private readonly ctx: Ctx) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const range = document.getWordRangeAtPosition(position, /[A-Za-z_$#][\w$]*/);
    if (!range) return undefined;
    const word = document.getText(range);
    const trace = this.ctx.trace;
    if (trace && document.uri.scheme === 'file') {
      const index = this.indexFor(trace.model);
      const target = index.hoverTarget(document.uri.fsPath, position.line + 1, word, range.start.character + 1);
      if (target) return new vscode.Hover(this.fromTrace(trace.model, target, trace.live), range);
    }
    const explained = this.explain(document, position.line, word);
    return explained ? new vscode.Hover(explained, range) : undefined;
  }

  private indexFor(model: TraceModel): SiteIndex {
    if (this.index?.model !== model) this.index = { model, index: new SiteIndex(model) };
    return this.index.index;
  }

  private fromTrace(model: TraceModel, target: HoverTarget, live: boolean): vscode.MarkdownString {
    const md = markdown();
    const when = live ? 'live session' : 'last session';
    if (target.kind === 'suspend') {
      md.appendMarkdown(`**\`${target.site.kind}\`** — ${when}\n\n`);
      md.appendMarkdown(`Tasks suspended here ${target.suspensions} time${target.suspensions === 1 ? '' : 's'}, ${formatMs(target.suspendedMs)} in all.\n\n`);
      if (target.tasksHere.length) {
        md.appendMarkdown(`**Suspended here now:**\n\n`);
        appendTasks(md, model, target.tasksHere);
      } else if (target.everHere.length) {
        md.appendMarkdown(`**Tasks that waited here:**\n\n`);
        appendTasks(md, model, target.everHere);
      }
      return md;
    }
    const tasks = target.tasks;
    const title = target.kind === 'function' ? `${kindLabel(target.site.kind)} \`${target.site.name}\`` : `call of \`${target.name}\``;
    md.appendMarkdown(`**${title}** — ${when}\n\n`);
    if (tasks.length === 0) {
      md.appendMarkdown('Not called during the session: no coroutine was created from it.\n');
      return md;
    }
    const spread = loopSpread(model, tasks);
    md.appendMarkdown(`${countStates(model, tasks)}; ${timeSplit(tasks)}${spread ? `; ${spread}` : ''}.\n\n`);
    appendTasks(md, model, tasks);
    return md;
  }

  /** No trace for this position: what will happen, from a lexical scan of the file. */
  private explain(document: vscode.TextDocument, line: number, word: string): vscode.MarkdownString | undefined {
    if (!isRunnable(document.uri) && !['typescript', 'javascript'].includes(document.languageId)) return undefined;
    const scan = scanCoroutines(document.getText(), document.fileName);
    const md = markdown();
    const python = /\.pyw?$/i.test(document.fileName);
    if (word === 'await' && python) {
      md.appendMarkdown(
        '**`await`** — the coroutine is *suspended* here: its task gives the single thread back to the event loop, which runs other tasks meanwhile. When what it awaits is done, the task is scheduled on the loop (`call_soon`) and *resumed* right after this `await`.\n\n',
      );
      return withRunLink(md, document.uri);
    }
    if (word === 'await' || word === 'yield') {
      md.appendMarkdown(
        word === 'await'
          ? '**`await`** — the coroutine is *suspended* here: it gives the single thread back to the event loop, which runs other coroutines meanwhile. When the awaited value settles, the coroutine is queued (a microtask) and *resumed* right after this `await`.\n\n'
          : '**`yield`** — the generator is *suspended* here and hands a value to whoever called `next()`; it resumes only when `next()` is called again.\n\n',
      );
      return withRunLink(md, document.uri);
    }
    const fn = scan.functions.find((f) => f.name === word && f.line === line) ?? scan.functions.find((f) => f.name === word);
    if (!fn) return undefined;
    md.appendMarkdown(`**${kindLabel(fn.kind)} \`${fn.name}\`** — not run yet\n\n`);
    md.appendMarkdown(`${lifecycle(fn, python ? 'python' : 'javascript')}\n\n`);
    return withRunLink(md, document.uri);
  }
}

function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  return md;
}

function kindLabel(kind: string): string {
  return kind === 'async-generator' ? 'async generator' : kind === 'generator' ? 'generator' : kind === 'module' ? 'module' : 'async function';
}

function appendTasks(md: vscode.MarkdownString, model: TraceModel, tasks: TaskInfo[]): void {
  for (const task of tasks.slice(0, MAX_LISTED)) {
    const link = `command:coroutineVisualizer.selectTask?${encodeURIComponent(JSON.stringify([task.id]))}`;
    const notes = taskNotes(model, task).map((note) => ` · ${note}`).join('');
    md.appendMarkdown(`- [#${task.id}](${link} "Select in the swimlanes") ${taskState(model, task).text}${notes} · running ${formatMs(task.runningMs)}, suspended ${formatMs(task.suspendedMs)}\n`);
  }
  if (tasks.length > MAX_LISTED) md.appendMarkdown(`- …and ${tasks.length - MAX_LISTED} more\n`);
}

/** The seed's lifecycle, told for this function: created → runs → suspended N times → completed. */
export function lifecycle(fn: Pick<ScannedFunction, 'kind' | 'awaitLines' | 'yieldLines'>, language: 'javascript' | 'python' = 'javascript'): string {
  const lines = (list: number[]) => (list.length ? ` (line${list.length === 1 ? '' : 's'} ${[...new Set(list)].map((l) => l + 1).join(', ')})` : '');
  const awaits = `${fn.awaitLines.length} await point${fn.awaitLines.length === 1 ? '' : 's'}${lines(fn.awaitLines)}`;
  if (fn.kind === 'async' && language === 'python') {
    return (
      `Each call **creates** a coroutine object and runs nothing yet: it starts when it is awaited or scheduled as a task ` +
      `(\`asyncio.create_task\`, \`gather\`) — unlike JavaScript, where an async function runs at once until its first \`await\`. ` +
      `It is then **suspended** at each of its ${awaits} while the event loop runs other tasks, resumed when what it awaits is done, ` +
      `and **completed** when it returns.`
    );
  }
  if (fn.kind === 'async') {
    return (
      `Each call **creates** a coroutine and **runs it at once, synchronously, until its first \`await\`** — unlike Python, where calling ` +
      `\`async def\` only creates a coroutine object that runs when awaited or scheduled. It is then **suspended** at each of its ${awaits} ` +
      `while the event loop runs other work, resumed when what it awaits settles, and **completed** when it returns (its promise resolves).`
    );
  }
  const yields = `${fn.yieldLines.length} yield point${fn.yieldLines.length === 1 ? '' : 's'}${lines(fn.yieldLines)}`;
  const extra = fn.kind === 'async-generator' ? ` and ${awaits}` : '';
  const resume = language === 'python' ? '`next()` or `send(v)`' : '`next()`';
  return (
    `Each call **creates** a generator object and runs nothing yet${language === 'python' ? '' : ' (like Python)'}. Every ${resume} runs it until the next \`yield\`, where it ` +
    `is **suspended** — ${yields}${extra} — and it is **completed** when the body returns.`
  );
}

function withRunLink(md: vscode.MarkdownString, uri: vscode.Uri): vscode.MarkdownString {
  if (isRunnable(uri)) {
    md.appendMarkdown(`[▶ Run and visualize this file](command:coroutineVisualizer.visualizeFile?${encodeURIComponent(JSON.stringify([uri.toString()]))})`);
  }
  return md;
}
