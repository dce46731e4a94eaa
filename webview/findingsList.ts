/**
 * The findings list in the side panel: what the run proves wrong, one entry per finding
 * (severity, rule, file:line, message). Choosing one selects its main task's lane, keeps the
 * other tasks involved visible and highlighted, and brings its moment into view; "source" opens
 * the line in the editor (inside VS Code).
 */
import { FromWebviewType } from '../protocol/webviewMessages';
import type { Finding } from '../protocol/findings/types';
import { findingPlace, findingsHeading, findingSpan, ruleShortName, SEVERITY_ICON, windowAround } from './findings';
import { el } from './dom';
import { matchesFilter } from './lanes';
import { traceStart } from './layout';
import { selectTask } from './selection';
import { setWindow } from './timeWindow';
import type { Dispatch, ViewState } from './viewState';

/** The finding chosen in the list, while its main task is still the selected one. */
export function activeFinding(state: ViewState): Finding | undefined {
  const finding = state.findings?.[state.selectedFinding];
  return finding && finding.tasks[0] === state.selectedTask ? finding : undefined;
}

/** The other tasks of the chosen finding, drawn highlighted. */
export function highlightedTasks(state: ViewState): ReadonlySet<number> | undefined {
  const finding = activeFinding(state);
  return finding && finding.tasks.length > 1 ? new Set(finding.tasks.slice(1)) : undefined;
}

/** The findings of the run (a Reset clears them: they are checked once it has ended). */
export function setFindings(state: ViewState, findings: Finding[]): void {
  state.findings = findings;
  state.selectedFinding = -1;
  state.dirty.add('findings');
}

export function renderFindings(state: ViewState, section: HTMLElement, dispatch: Dispatch): void {
  const findings = state.findings ?? [];
  section.textContent = '';
  // None found (or not checked): no list; the status line says "no findings" once checked.
  if (!findings.length || state.session.problem.kind !== 'none') {
    section.hidden = true;
    return;
  }
  const details = el('details', { open: '' });
  details.append(el('summary', { class: 'covis-findings-heading' }, findingsHeading(findings)));
  const list = el('ol', { class: 'covis-finding-list' });
  const active = activeFinding(state);
  findings.forEach((finding, i) => list.append(entry(state, dispatch, finding, i, finding === active)));
  details.append(list);
  section.append(details);
  section.hidden = false;
}

function entry(state: ViewState, dispatch: Dispatch, finding: Finding, i: number, selected: boolean): HTMLElement {
  const item = el('li', { class: 'covis-finding', 'data-rule': finding.ruleId, 'data-severity': finding.severity, 'data-index': String(i) });
  if (selected) item.classList.add('covis-finding-selected');
  const main = el('button', {
    type: 'button',
    class: 'covis-finding-main',
    title: `${finding.message}\n\nClick to select the lanes involved and show when it happened.`,
    'aria-pressed': String(selected),
  });
  main.append(
    el('span', { class: `covis-severity covis-severity-${finding.severity}`, 'aria-label': finding.severity }, SEVERITY_ICON[finding.severity]),
    el('span', { class: 'covis-finding-rule' }, ruleShortName(finding)),
    el('span', { class: 'covis-finding-place' }, findingPlace(finding)),
    el('span', { class: 'covis-finding-message' }, finding.message),
  );
  main.addEventListener('click', () => dispatch((s) => showFinding(s, i)));
  item.append(main);
  if (state.host.inVsCode) {
    const open = el('button', { type: 'button', class: 'covis-link covis-finding-open', title: `Open ${finding.file}:${finding.line}:${finding.column} in the editor` }, 'source');
    open.addEventListener('click', () => state.host.post({ type: FromWebviewType.Reveal, file: finding.file, line: finding.line, column: finding.column }));
    item.append(open);
  }
  return item;
}

/** Undoes what would hide one of the tasks: a collapsed parent or loop, then the name filter and "hide completed". */
function keepVisible(state: ViewState, ids: readonly number[]): void {
  const model = state.session.model;
  const { filter } = state;
  for (const id of ids) {
    const task = model.tasks[id];
    if (!task) continue;
    filter.collapsedLoops.delete(task.loop);
    for (let parent = task.parent; parent >= 0 && model.tasks[parent]; parent = model.tasks[parent]!.parent) filter.collapsed.delete(parent);
  }
  if (ids.some((id) => model.tasks[id] && !matchesFilter(model, model.tasks[id]!, { ...filter, collapsed: new Set() }))) {
    filter.query = '';
    filter.hideCompleted = false;
  }
  state.rowsDirty = true;
}

/** Select the finding's main task, keep the others in sight, and zoom to when it happened. */
export function showFinding(state: ViewState, i: number): string | undefined {
  const finding = state.findings?.[i];
  const model = state.session.model;
  if (!finding) return undefined;
  state.selectedFinding = i;
  state.dirty.add('findings');
  const ids = finding.tasks.filter((id) => model.tasks[id]);
  keepVisible(state, ids);
  const span = findingSpan(model, state.index, finding);
  if (span) {
    const [t0, t1] = windowAround(span, traceStart(model), model.timeEnd);
    state.following = false;
    setWindow(state, t0, t1);
  }
  if (!ids.length) return undefined;
  const said = selectTask(state, ids[0]);
  state.host.post({ type: FromWebviewType.TaskSelected, taskId: ids[0] });
  return said;
}
