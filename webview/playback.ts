/**
 * The replay cursor as actions: place it, step it between event boundaries, play and pause.
 * Play itself is advance(), which each render runs while playing (one animation-frame loop).
 */
import { formatInstant } from '../protocol/format';
import { traceStart } from './layout';
import { anyLoopBusy, eventBoundaries, lastTurnEndBefore, nextTurnStart, snapshotAt, stepBoundary } from './replay';
import type { TraceSession } from './session';
import { setWindow } from './timeWindow';
import type { ViewState } from './viewState';

/** However long an idle gap of the loop is, replay crosses it in at most this much real time. */
const IDLE_GAP_WALL_MS = 300;

/** Event boundaries of a session's model, kept until the model changes. */
const boundaries = new WeakMap<TraceSession, { generation: number; times: Float64Array }>();

export function cursorBounds(state: ViewState): [number, number] {
  const model = state.session.model;
  const start = traceStart(model);
  return [start, Math.max(start, model.timeEnd)];
}

/** Moves the cursor (clamped to the trace), or hides it; `reveal` pans it into view. */
export function setCursor(state: ViewState, t: number | undefined, reveal = false): void {
  if (t === undefined || Number.isNaN(t)) {
    state.cursor = undefined;
    return;
  }
  const [start, end] = cursorBounds(state);
  state.cursor = Math.min(Math.max(t, start), end);
  if (reveal) keepInView(state, 0.5);
}

/** Pans (never zooms) so the cursor is visible, putting it at `at` of the chart's width. */
function keepInView(state: ViewState, at: number): void {
  if (state.cursor === undefined) return;
  const px = state.x(state.cursor);
  if (px >= state.view.labelWidth + 4 && px <= state.view.width - 12) return;
  const [t0, t1] = state.x.domain();
  const span = t1 - t0;
  setWindow(state, state.cursor - span * at, state.cursor + span * (1 - at));
}

/** `,` / `.`: the previous or next instant at which anything starts or ends. */
export function stepCursor(state: ViewState, direction: 1 | -1): string | undefined {
  pause(state);
  const { session } = state;
  let known = boundaries.get(session);
  if (!known || known.generation !== session.generation) {
    known = { generation: session.generation, times: eventBoundaries(session.model) };
    boundaries.set(session, known);
  }
  const from = state.cursor ?? (direction > 0 ? -Infinity : cursorBounds(state)[1]);
  setCursor(state, stepBoundary(known.times, from, direction), true);
  return describeCursor(state);
}

/** Home / End. */
export function cursorToEdge(state: ViewState, edge: 'start' | 'end'): string | undefined {
  pause(state);
  setCursor(state, cursorBounds(state)[edge === 'start' ? 0 : 1], true);
  return describeCursor(state);
}

/** "At 12.345 ms: 1 running, 2 ready, …": what a screen reader hears where the cursor stops. */
export function describeCursor(state: ViewState): string | undefined {
  if (state.cursor === undefined) return undefined;
  const snap = snapshotAt(state.session.model, state.index, state.cursor);
  const count = (k: keyof typeof snap.byState): number => snap.byState[k].length;
  return `At ${formatInstant(state.cursor)}: ${count('running')} running, ${count('ready')} ready, ${count('suspended')} suspended, ${count('completed') + count('failed')} finished`;
}

export function play(state: ViewState): void {
  const [start, end] = cursorBounds(state);
  if (state.cursor === undefined || state.cursor >= end) state.cursor = start;
  state.playing = performance.now();
}

export function pause(state: ViewState): void {
  state.playing = undefined;
}

export function togglePlay(state: ViewState): void {
  if (state.playing === undefined) play(state);
  else pause(state);
}

/** One frame of Play at wall-clock time `now`: the cursor moves on at the chosen speed, and stops at the end. */
export function advance(state: ViewState, now: number): void {
  if (state.playing === undefined) return;
  const model = state.session.model;
  const [start, end] = cursorBounds(state);
  const dt = Math.min(100, now - state.playing);
  state.playing = now;
  const t = state.cursor ?? start;
  let step = dt * state.speed;
  // In an idle gap (every loop idle) nothing changes: cross it quickly rather than watch an empty screen.
  if (!anyLoopBusy(model, t)) {
    const gap = nextTurnStart(model, t, end) - lastTurnEndBefore(model, t, start);
    step = Math.max(step, (gap * dt) / IDLE_GAP_WALL_MS);
  }
  state.cursor = Math.min(end, t + step);
  keepInView(state, 0.1);
  if (state.cursor >= end) pause(state);
}
