/**
 * The side panels: details of the selected task (its whole history), brushed-range statistics,
 * "state at t" and the table view of tasks for screen readers. Each is drawn from the state
 * alone, by render.ts; their links dispatch actions.
 */
import { FromWebviewType } from '../protocol/webviewMessages';
import type { Site } from '../protocol/events';
import { formatInstant, formatMs } from '../protocol/format';
import { describeWait, taskName } from '../protocol/taskWords';
import { basename, callSiteText, describeTurnShort, loopFacts, loopLabel, loopName, siteText, taskHistory, taskLabel, taskStateNow } from './describe';
import { el, showText } from './dom';
import { snapshotAt, StateAtT, STATES_AT_T } from './replay';
import { pickTask } from './selection';
import { rangeStats, describeStats } from './stats';
import type { Dispatch, ViewState } from './viewState';

/** Rows the table shows at most: beyond that a table is no help to anyone, filter first. */
const TABLE_LIMIT = 2000;

export function renderStats(state: ViewState, panel: HTMLElement): void {
  if (!state.brush) {
    panel.hidden = true;
    return;
  }
  const model = state.session.model;
  showText(panel, 'Selected range', describeStats(model, rangeStats(model, state.brush[0], state.brush[1])));
}

export function renderDetails(state: ViewState, panel: HTMLElement, dispatch: Dispatch): void {
  const model = state.session.model;
  const task = model.tasks[state.selectedTask];
  if (!task) {
    panel.hidden = true;
    return;
  }
  const site = model.sites.get(task.defSite);
  const call = task.callSite >= 0 ? model.sites.get(task.callSite) : undefined;
  const segments = state.index.of(task.id);
  showText(panel, taskLabel(model, task), [
    `${task.kind} · ${taskStateNow(task)}${task.summary ? `: ${task.summary}` : ''}${task.unhandled ? ' · unhandled rejection' : ''}`,
    `created ${formatMs(task.created, 'precise')}${task.outcome === 'live' ? '' : `, ended ${formatMs(task.ended, 'precise')}`}`,
    `running ${formatMs(task.runningMs, 'precise')}, suspended ${formatMs(task.suspendedMs, 'precise')}`,
    ...loopFacts(model, task, segments),
  ]);
  // Source locations are links: inside VS Code they open the file at that line (Reveal).
  const places = el('div', { class: 'covis-links covis-places' });
  places.append(sourceLink(state, site, `defined at ${site ? `${siteText(site)}:${site.column}` : 'unknown'}`, 'covis-def-site'));
  places.append(call ? sourceLink(state, call, callSiteText(model, task) ?? '', 'covis-call-site') : el('span', { class: 'covis-muted' }, 'created at: not sampled'));
  panel.append(places);
  const links = el('div', { class: 'covis-links' });
  const link = (label: string, id: number): void => {
    const button = el('button', { type: 'button', class: 'covis-link' }, label);
    button.addEventListener('click', () => dispatch((s) => pickTask(s, id)));
    links.append(button);
  };
  if (task.parent >= 0 && model.tasks[task.parent]) link(`parent: ${taskName(model, task.parent)}`, task.parent);
  for (const child of task.children.slice(0, 20)) link(`child: ${taskName(model, child)}`, child);
  if (task.children.length > 20) links.append(el('span', {}, `… ${task.children.length - 20} more children`));
  panel.append(links);
  panel.append(el('h4', {}, 'History'));
  const history = el('ol', { class: 'covis-history' });
  for (const line of taskHistory(model, task.id, segments)) history.append(el('li', {}, line));
  panel.append(history);
}

function sourceLink(state: ViewState, site: Site | undefined, label: string, cls: string): HTMLElement {
  if (!site) return el('span', { class: cls }, label);
  const button = el('button', { type: 'button', class: `covis-link ${cls}`, title: `${site.file}:${site.line}:${site.column}${state.host.inVsCode ? '' : ' (opens in the editor inside VS Code)'}` }, label);
  button.addEventListener('click', () => state.host.post({ type: FromWebviewType.Reveal, file: site.file, line: site.line, column: site.column }));
  return button;
}

/** Items listed per state in the "state at t" panel; the rest is counted. */
const NOW_LIMIT = 12;
const NOW_WORDS: Record<StateAtT, string> = {
  running: 'running', ready: 'ready (resumable, waiting for the thread)', suspended: 'suspended', completed: 'completed so far',
  failed: 'failed so far', unknown: 'not known at this instant (events dropped or left out by sampling)', future: 'not created yet',
};

/** The side panel "State at t": every task's state at the cursor, grouped like a debugger's thread list. */
export function renderNow(state: ViewState, panel: HTMLElement, dispatch: Dispatch): void {
  const model = state.session.model;
  if (state.cursor === undefined || state.session.problem.kind !== 'none') {
    panel.hidden = true;
    return;
  }
  const snap = snapshotAt(model, state.index, state.cursor);
  panel.textContent = '';
  panel.append(el('h3', {}, `State at ${formatInstant(state.cursor)}`));
  // What each loop's thread is doing: the single event loop, or every thread and process.
  snap.loops.forEach((at, loop) => {
    const doing = at.turn < 0 ? 'idle (waiting for timers / I/O)' : `${describeTurnShort(model, at.turn)}${at.inCheckpoint ? ', in its microtask checkpoint' : ''}`;
    panel.append(el('div', { class: 'covis-now-loop', 'data-loop': String(loop) }, `${loopName(model, loop)}: ${doing}`));
  });
  const list = el('ul');
  for (const key of STATES_AT_T) {
    const tasks = snap.byState[key];
    if (!tasks.length && key !== 'running' && key !== 'suspended') continue;
    const item = el('li', { 'data-state': key, 'data-count': String(tasks.length) });
    item.append(el('strong', {}, `${NOW_WORDS[key]} (${tasks.length})`));
    if (key !== 'future') {
      const names = el('ul');
      for (const at of tasks.slice(0, NOW_LIMIT)) {
        const li = el('li', { 'data-task': String(at.task) });
        const name = el('button', { type: 'button', class: 'covis-link' }, taskName(model, at.task));
        name.addEventListener('click', () => dispatch((s) => pickTask(s, at.task)));
        li.append(name);
        if (key === 'suspended' || key === 'ready') {
          const site = model.sites.get(model.segments.site.data[at.segment]);
          li.append(document.createTextNode(` on ${describeWait(model, at.segment)}${site ? ` at ${siteText(site)}` : ''}`));
        }
        names.append(li);
      }
      if (tasks.length > NOW_LIMIT) names.append(el('li', {}, `… ${tasks.length - NOW_LIMIT} more`));
      item.append(names);
    }
    list.append(item);
  }
  panel.append(list);
  panel.hidden = false;
}

/** A real <table> of the lanes in view order: what a screen reader reads instead of the canvas. */
export function renderTable(state: ViewState, container: HTMLElement, dispatch: Dispatch): void {
  const model = state.session.model;
  container.textContent = '';
  const table = el('table');
  const lanes = state.rows.count - state.rows.loopRows;
  table.append(el('caption', {}, `Tasks (${lanes}${state.rows.count > TABLE_LIMIT ? `, first ${TABLE_LIMIT} rows shown; filter to narrow` : ''})`));
  const head = el('tr');
  for (const h of ['Task', 'Kind', 'State', 'Created', 'Ended', 'Running', 'Suspended', 'Defined at']) head.append(el('th', { scope: 'col' }, h));
  const thead = el('thead');
  thead.append(head);
  table.append(thead);
  const body = el('tbody');
  const n = Math.min(state.rows.count, TABLE_LIMIT);
  for (let row = 0; row < n; row++) {
    const loop = state.rows.loop[row];
    if (loop >= 0) {
      // A loop's tasks follow its heading row, as its lanes follow its row on the canvas.
      const heading = el('tr', { class: 'covis-loop-row' });
      heading.append(el('th', { scope: 'rowgroup', colspan: '8' }, `${loopLabel(model, loop)} (${state.rows.loopTasks[loop] ?? 0} tasks${state.filter.collapsedLoops.has(loop) ? ', collapsed' : ''})`));
      body.append(heading);
      continue;
    }
    const task = model.tasks[state.rows.task[row]];
    if (!task) continue;
    const tr = el('tr');
    const name = el('button', { type: 'button', class: 'covis-link' }, `${'  '.repeat(Math.min(state.rows.depth[row], 12))}${task.name} #${task.id}`);
    name.addEventListener('click', () => dispatch((s) => pickTask(s, task.id)));
    const first = el('th', { scope: 'row' });
    first.append(name);
    const site = model.sites.get(task.defSite);
    tr.append(
      first,
      el('td', {}, task.kind),
      el('td', {}, taskStateNow(task)),
      el('td', {}, formatMs(task.created, 'precise')),
      el('td', {}, task.outcome === 'live' ? '' : formatMs(task.ended, 'precise')),
      el('td', {}, formatMs(task.runningMs, 'precise')),
      el('td', {}, formatMs(task.suspendedMs, 'precise')),
      el('td', {}, site ? `${basename(site.file)}:${site.line}` : ''),
    );
    body.append(tr);
  }
  table.append(body);
  container.append(table);
}
