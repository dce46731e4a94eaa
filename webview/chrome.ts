/**
 * The text around the canvas, drawn from the view state by render.ts: title, banner, message,
 * status line, and the toolbar's toggles and filter inputs.
 */
import { formatMs } from '../protocol/format';
import type { Dom } from './dom';
import type { ViewState } from './viewState';

/** Title, banner, message, status line and the toolbar's toggles: the text around the canvas. */
export function renderChrome(state: ViewState, dom: Dom): void {
  const { session, rows, filter } = state;
  const model = session.model;
  const problem = session.problem;
  const message = problem.kind === 'none' ? state.notice : problem.message;
  if (state.title) dom.title.textContent = state.title;
  dom.message.hidden = !message;
  dom.message.textContent = message ?? '';
  dom.chart.hidden = Boolean(message) || state.showTable;
  dom.table.hidden = problem.kind !== 'none' || !state.showTable;
  const reason = session.cutShortReason();
  dom.banner.hidden = !reason;
  dom.banner.textContent = reason ? `cut short: ${reason}` : '';
  const dropped = model.dropped ? `, ${model.dropped} events dropped` : '';
  const hidden = rows.hidden ? `, ${rows.hidden} hidden by filters` : '';
  const loops = model.loops.length > 1 ? ` · ${model.loops.length} threads/processes` : '';
  const findings = state.findings ? ` · ${state.findings.length || 'no'} finding${state.findings.length === 1 ? '' : 's'}` : '';
  const counts = `${rows.count - rows.loopRows} lanes${loops} · ${model.eventCount} events · ${formatMs(model.timeEnd, 'precise')}${dropped}${hidden}${findings}`;
  dom.status.textContent = state.hostStatus ? `${state.hostStatus} · ${counts}` : counts;
  // A narrow panel truncates the status with an ellipsis; the whole text stays one hover away.
  dom.status.title = dom.status.textContent;
  dom.follow.setAttribute('aria-pressed', String(state.following));
  dom.follow.hidden = !session.live;
  dom.tableToggle.setAttribute('aria-pressed', String(state.showTable));
  // A finding may clear the filters: the inputs show what is applied.
  if (dom.search.value.trim().toLowerCase() !== filter.query) dom.search.value = filter.query;
  dom.hideCompleted.checked = filter.hideCompleted;
}
