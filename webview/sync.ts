/**
 * Catching up with the model: a new trace resets the view; more of the stream (live, or the rest
 * of a file) grows the time domain, the segment index and the lane rows. Actions on the view state.
 */
import { computeRows, SegmentIndex } from './lanes';
import { traceStart } from './layout';
import { MIN_SPAN_MS, setWindow } from './timeWindow';
import type { ViewState } from './viewState';

/** A new trace (Reset): nothing selected, no brush or cursor, findings unknown until they come. */
export function resetView(state: ViewState, live: boolean): void {
  state.selectedTask = -1;
  state.focusRow = -1;
  state.focusSegment = -1;
  state.brush = undefined;
  state.cursor = undefined;
  state.playing = undefined;
  state.following = live;
  state.findings = undefined;
  state.selectedFinding = -1;
  state.notice = undefined;
  state.index = new SegmentIndex(state.session.model);
  state.rowsDirty = true;
  state.synced.domainEnd = 0;
  for (const panel of ['details', 'stats', 'findings'] as const) state.dirty.add(panel);
  syncModel(state, performance.now());
}

/**
 * Brings what is derived from the model up to date: the segment index, the time domain (a fitted
 * or followed window grows with it) and the lane rows, recomputed at most every 200 ms while live.
 */
export function syncModel(state: ViewState, now: number): void {
  const { session, synced, view } = state;
  const model = session.model;
  if (session.generation !== synced.generation) {
    synced.generation = session.generation;
    if (state.index.model !== model) state.index = new SegmentIndex(model);
    state.index.update();
    if (!session.live || now - synced.rowsAt > 200) state.rowsDirty = true;
    const start = traceStart(model);
    const end = Math.max(model.timeEnd, start + MIN_SPAN_MS);
    if (end !== synced.domainEnd) {
      const [t0, t1] = state.x.domain();
      const wasFit = synced.domainEnd === 0 || (t0 <= state.x0.domain()[0] && t1 >= synced.domainEnd);
      synced.domainEnd = end;
      state.x0.domain([start, end]).range([view.labelWidth + 4, view.width - 12]);
      if (wasFit || state.following) setWindow(state, state.following && !wasFit ? end - (t1 - t0) : start, end);
      else setWindow(state, t0, t1);
    }
  }
  if (state.rowsDirty) {
    state.rowsDirty = false;
    synced.rowsAt = now;
    state.rows = computeRows(model, state.filter);
    if (state.showTable) state.dirty.add('table');
  }
}
