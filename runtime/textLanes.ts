/**
 * Swimlanes as text, for terminals and CI logs (`covis lanes trace.covis`): the loop lane on
 * top, one lane per task in parent/child order. Each column is a slice of time; a cell shows
 * the state that held longest in it. A trace of several loops (worker threads, child
 * processes) gets a heading line per loop, each followed by its own loop lane and tasks.
 */
import { SegmentState, type LoopInfo, type TraceModel } from '../protocol/model';

const GLYPH = { [SegmentState.Running]: '█', [SegmentState.Suspended]: '░', [SegmentState.Ready]: '▒', [SegmentState.Sampled]: '┄' } as const;
const BUSY = '▇';
const NOTHING = ' ';

export interface TextLaneOptions {
  width: number;
  /** Show at most this many task lanes (the rest are counted). */
  maxLanes: number;
}

/** The tasks of one loop, each root followed by its descendants (parents are always in the same loop). */
function taskOrder(model: TraceModel, loop: number): number[] {
  const order: number[] = [];
  const visit = (id: number): void => {
    order.push(id);
    for (const child of model.tasks[id]?.children ?? []) visit(child);
  };
  for (const task of model.tasks) if (task && task.loop === loop && !model.tasks[task.parent]) visit(task.id);
  return order;
}

/** "── worker 2 (cpu-worker.js) · started by cpuInAWorker #5 · cut short (terminated) ───". */
function loopHeading(model: TraceModel, loop: LoopInfo, width: number): string {
  const spawner = loop.spawnedBy ? model.tasks[loop.spawnedBy.task] : undefined;
  const started = spawner ? ` · started by ${spawner.name} #${spawner.id}` : '';
  const cut = model.loopCutShort(loop.index) ? ` · cut short (${loop.end?.reason ?? 'no end frame'})` : '';
  const text = `── ${loop.name}${started}${cut} `;
  return text.padEnd(width, '─');
}

/** The earliest turn of any loop (model.turns is in time order per loop, not across loops). */
function firstTurnStart(model: TraceModel): number {
  let first = Number.POSITIVE_INFINITY;
  for (const loop of model.loops) if (loop.turns.length > 0) first = Math.min(first, model.turns.start.data[loop.turns.data[0]]);
  return Number.isFinite(first) ? first : 0;
}

function label(model: TraceModel, id: number, depth: number): string {
  const task = model.tasks[id];
  const site = model.sites.get(task.defSite);
  const where = site ? ` ${site.file.split(/[\\/]/).pop()}:${site.line}` : '';
  const end = task.outcome === 'failed' ? ' ✗' : task.outcome === 'live' ? ' …' : '';
  return `${'  '.repeat(depth)}${task.name}${where}${end}`;
}

function depthOf(model: TraceModel, id: number): number {
  let depth = 0;
  for (let p = model.tasks[id]?.parent; p && model.tasks[p] && depth < 8; p = model.tasks[p].parent) depth++;
  return depth;
}

export function renderTextLanes(model: TraceModel, options: TextLaneOptions = { width: 72, maxLanes: 40 }): string {
  // Start at the first turn: before it the shim was loading and nothing of the user's ran.
  const t0 = firstTurnStart(model);
  const span = Math.max(model.timeEnd - t0, 1e-6);
  const cols = options.width;
  const colOf = (t: number): number => Math.min(cols - 1, Math.max(0, Math.floor(((t - t0) / span) * cols)));
  const loops = model.loops.length ? model.loops : undefined;
  const orders = loops ? loops.map((loop) => taskOrder(model, loop.index)) : [taskOrder(model, 0)];
  // The lane budget is spent loop by loop, in the order the loops appeared.
  let budget = options.maxLanes;
  const shownByLoop = orders.map((order) => {
    const shown = order.slice(0, Math.max(0, budget));
    budget -= shown.length;
    return shown;
  });
  const shown = shownByLoop.flat();
  const rows = new Map<number, Float64Array[]>();
  for (const id of shown) rows.set(id, [new Float64Array(cols), new Float64Array(cols), new Float64Array(cols), new Float64Array(cols)]);

  // Time each state covers in each column, per task.
  const s = model.segments;
  for (let i = 0; i < model.segmentCount; i++) {
    const row = rows.get(s.task.data[i]);
    if (!row) continue;
    const start = s.start.data[i];
    const end = Math.max(model.segmentEnd(i), start + span / cols / 1000);
    const cells = row[s.state.data[i]];
    for (let c = colOf(start); c <= colOf(end); c++) {
      const c0 = t0 + (c / cols) * span;
      const c1 = t0 + ((c + 1) / cols) * span;
      cells[c] += Math.max(0, Math.min(end, c1) - Math.max(start, c0));
    }
  }
  const busy = orders.map(() => new Array<string>(cols).fill(NOTHING));
  for (let t = 0; t < model.turnCount; t++) {
    const lane = busy[model.turns.loop.data[t]] ?? busy[0];
    for (let c = colOf(model.turns.start.data[t]); c <= colOf(model.turnEnd(t)); c++) lane[c] = BUSY;
  }

  const labels = new Map(shown.map((id) => [id, label(model, id, depthOf(model, id))]));
  const labelWidth = Math.min(40, Math.max('event loop'.length, ...[...labels.values()].map((l) => l.length)));
  const pad = (text: string): string => (text.length > labelWidth ? `${text.slice(0, labelWidth - 1)}…` : text.padEnd(labelWidth));
  const lines: string[] = [];
  orders.forEach((_, index) => {
    if (loops && loops.length > 1) lines.push(loopHeading(model, loops[index], labelWidth + cols + 3));
    lines.push(`${pad('event loop')} │${busy[index].join('')}│`);
    for (const id of shownByLoop[index]) {
      const [running, suspended, ready, sampled] = rows.get(id)!;
      let line = '';
      for (let c = 0; c < cols; c++) {
        // Any time on the thread shows: running slices are short, and they are the point.
        line += running[c] > 0 ? GLYPH[SegmentState.Running] : ready[c] > 0 ? GLYPH[SegmentState.Ready] : suspended[c] > 0 ? GLYPH[SegmentState.Suspended] : sampled[c] > 0 ? GLYPH[SegmentState.Sampled] : NOTHING;
      }
      lines.push(`${pad(labels.get(id)!)} │${line}│`);
    }
  });
  const total = orders.reduce((sum, order) => sum + order.length, 0);
  if (total > shown.length) lines.push(`… ${total - shown.length} more tasks`);
  const axis = `0 ms`.padEnd(cols - 8) + `${span.toFixed(1)} ms`.padStart(8);
  lines.push(`${' '.repeat(labelWidth)}  ${axis}`);
  const sampledKey = model.hello?.sample ? `  ${GLYPH[SegmentState.Sampled]} sampled (waits left out)` : '';
  lines.push(`${' '.repeat(labelWidth)}  ${GLYPH[SegmentState.Running]} running  ${GLYPH[SegmentState.Suspended]} suspended  ${GLYPH[SegmentState.Ready]} ready (woken, waiting for the thread)${sampledKey}  ${BUSY} loop busy`);
  return lines.join('\n');
}
