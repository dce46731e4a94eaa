/**
 * The replay cursor (playhead): a handle on the time axis to drag, a click on the axis to
 * place it, keys to step between event boundaries, and Play at an adjustable speed. The
 * canvas dims what lies after it (draw.ts) and the side panel says what every task was doing
 * at that instant (panels.ts renderNow), like a debugger paused at t.
 */
import { select } from 'd3-selection';
import type { ViewState } from './app';
import { formatInstant } from './describe';
import { AXIS_HEIGHT, LABEL_WIDTH, traceStart } from './layout';
import { renderNow } from './panels';
import { anyLoopBusy, eventBoundaries, lastTurnEndBefore, nextTurnStart, snapshotAt, stepBoundary } from './replay';

export interface Playhead {
  /** After each render: move the handle, refresh the toolbar and (throttled while playing) the summary. */
  update(): void;
  stop(): void;
}

/** However long an idle gap of the loop is, replay crosses it in at most this much real time. */
const IDLE_GAP_WALL_MS = 300;
/** While playing, the "state at t" list is rebuilt at most this often (it walks every task). */
const SUMMARY_EVERY_MS = 100;

export function wirePlayhead(state: ViewState): Playhead {
  const { dom } = state;
  const handle = select(dom.svg).append('g').attr('class', 'covis-playhead');
  handle.append('rect').attr('x', -7).attr('y', 0).attr('width', 14).attr('height', AXIS_HEIGHT).attr('fill', 'transparent');
  handle.append('line').attr('y1', 0).attr('y2', AXIS_HEIGHT);
  handle.append('path').attr('d', 'M-6,0 L6,0 L6,7 L0,13 L-6,7 Z');
  const node = handle.node() as SVGGElement;
  let boundaries: { generation: number; times: Float64Array } | undefined;
  let playing = 0;
  let lastWall = 0;
  let summaryAt = -Infinity;
  let summaryFor: { cursor?: number; generation: number } = { generation: -1 };

  const bounds = (): [number, number] => {
    const model = state.session.model;
    const start = traceStart(model);
    return [start, Math.max(start, model.timeEnd)];
  };

  state.setCursor = (t: number | undefined, reveal = false) => {
    if (t === undefined || Number.isNaN(t)) state.cursor = undefined;
    else {
      const [start, end] = bounds();
      state.cursor = Math.min(Math.max(t, start), end);
      if (reveal) keepInView(0.5);
    }
    state.persist();
    state.requestRender();
  };

  /** Pans (never zooms) so the cursor is visible, putting it at `at` of the chart's width. */
  function keepInView(at: number): void {
    if (state.cursor === undefined) return;
    const px = state.x(state.cursor);
    if (px >= LABEL_WIDTH + 4 && px <= state.view.width - 12) return;
    const [t0, t1] = state.x.domain();
    const span = t1 - t0;
    state.setWindow(state.cursor - span * at, state.cursor + span * (1 - at));
  }

  function step(direction: 1 | -1): void {
    const model = state.session.model;
    if (!boundaries || boundaries.generation !== state.session.generation) {
      boundaries = { generation: state.session.generation, times: eventBoundaries(model) };
    }
    const from = state.cursor ?? (direction > 0 ? -Infinity : bounds()[1]);
    state.setCursor(stepBoundary(boundaries.times, from, direction), true);
    announce();
  }

  function announce(): void {
    if (state.cursor === undefined) return;
    const snap = snapshotAt(state.session.model, state.index, state.cursor);
    const count = (k: keyof typeof snap.byState): number => snap.byState[k].length;
    dom.announce.textContent = `At ${formatInstant(state.cursor)}: ${count('running')} running, ${count('ready')} ready, ${count('suspended')} suspended, ${count('completed') + count('failed')} finished`;
  }

  function tick(now: number): void {
    if (!playing) return;
    const model = state.session.model;
    const [, end] = bounds();
    const dt = Math.min(100, now - lastWall);
    lastWall = now;
    const t = state.cursor ?? bounds()[0];
    let advance = dt * Number(dom.speed.value || '1');
    // In an idle gap (every loop idle) nothing changes: cross it quickly rather than watch an empty screen.
    if (!anyLoopBusy(model, t)) {
      const [start, last] = bounds();
      const gap = nextTurnStart(model, t, last) - lastTurnEndBefore(model, t, start);
      advance = Math.max(advance, (gap * dt) / IDLE_GAP_WALL_MS);
    }
    state.cursor = Math.min(end, t + advance);
    keepInView(0.1);
    state.requestRender();
    if (state.cursor >= end) pause();
    else playing = requestAnimationFrame(tick);
  }

  function play(): void {
    const [start, end] = bounds();
    if (state.cursor === undefined || state.cursor >= end) state.cursor = start;
    lastWall = performance.now();
    playing = requestAnimationFrame(tick);
    state.requestRender();
  }

  function pause(): void {
    cancelAnimationFrame(playing);
    playing = 0;
    summaryAt = -Infinity;
    state.persist();
    state.requestRender();
  }

  dom.play.addEventListener('click', () => (playing ? pause() : play()));
  dom.cursorClear.addEventListener('click', () => {
    pause();
    state.setCursor(undefined);
  });

  // Drag the handle; the pointer is captured so the drag may leave the axis strip.
  node.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    event.stopPropagation();
    if (playing) pause();
    node.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent): void => {
      const left = dom.svg.getBoundingClientRect().left;
      state.setCursor(state.x.invert(Math.max(LABEL_WIDTH, e.clientX - left)));
    };
    const up = (e: PointerEvent): void => {
      node.releasePointerCapture(e.pointerId);
      node.removeEventListener('pointermove', move);
      node.removeEventListener('pointerup', up);
      announce();
    };
    node.addEventListener('pointermove', move);
    node.addEventListener('pointerup', up);
  });

  dom.canvas.addEventListener('keydown', (event) => {
    const key = event.key;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (key === '.' || key === ',') {
      if (playing) pause();
      step(key === '.' ? 1 : -1);
    } else if (key === 'Home' || key === 'End') {
      if (playing) pause();
      state.setCursor(bounds()[key === 'Home' ? 0 : 1], true);
      announce();
    } else if (key === 'p' || key === 'P') {
      if (playing) pause();
      else play();
    } else return;
    event.preventDefault();
  });

  return {
    update() {
      const end = bounds()[1];
      const at = state.cursor ?? end;
      const px = state.x(at);
      // Without a cursor the handle waits, faded, at the trace end: visible, so people find it.
      handle
        .attr('transform', `translate(${px},0)`)
        .attr('display', px < LABEL_WIDTH - 1 || px > state.view.width + 1 ? 'none' : null)
        .classed('covis-playhead-off', state.cursor === undefined);
      dom.play.textContent = playing ? '❚❚ Pause' : '▶ Play';
      dom.play.setAttribute('aria-pressed', String(Boolean(playing)));
      dom.cursorText.textContent = state.cursor === undefined ? '' : `t = ${formatInstant(state.cursor)}`;
      dom.cursorClear.hidden = state.cursor === undefined;
      const generation = state.session.generation;
      if (summaryFor.cursor === state.cursor && summaryFor.generation === generation) return;
      const now = performance.now();
      if (playing && now - summaryAt < SUMMARY_EVERY_MS) return;
      summaryAt = now;
      summaryFor = { cursor: state.cursor, generation };
      renderNow(state);
    },
    stop: pause,
  };
}
