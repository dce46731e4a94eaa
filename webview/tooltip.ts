/**
 * The hover tooltip beside the pointer, drawn from the view state by render.ts: what lies under
 * the pointer (a slice, a loop's turn, a loop's label) in the words of describe.ts.
 */
import { describeLoop, describeTurn, segmentTooltip } from './describe';
import { el } from './dom';
import type { ViewState } from './viewState';

/** What the pointer is over: a slice, a loop's turn or a loop's label (with several loops). */
export function renderTooltip(state: ViewState, tip: HTMLElement): void {
  const { hover } = state;
  const model = state.session.model;
  const lines =
    hover.kind === 'segment' ? segmentTooltip(model, hover.segment)
    : hover.kind === 'turn' ? describeTurn(model, hover.turn)
    : hover.kind === 'loop' ? describeLoop(model, hover.loop, state.rows.loopTasks[hover.loop] ?? 0)
    : undefined;
  const [px, py] = state.pointer;
  if (!lines) {
    tip.hidden = true;
    return;
  }
  tip.textContent = '';
  lines.forEach((line, i) => tip.append(el(i === 0 ? 'strong' : 'div', {}, line)));
  tip.hidden = false;
  const left = Math.min(px + 14, state.view.width - tip.offsetWidth - 4);
  const top = py + 16 + tip.offsetHeight > state.view.height ? py - tip.offsetHeight - 8 : py + 16;
  tip.style.left = `${Math.max(0, left)}px`;
  tip.style.top = `${Math.max(0, top)}px`;
}
