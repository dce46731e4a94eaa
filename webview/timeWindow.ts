/**
 * The time window as actions: zoom and pan the axis, scroll the lanes, fit, follow a live run,
 * a resized chart. The zoom is a d3-zoom transform kept in the state (x = zoom.rescaleX(x0));
 * the key and wheel actions compute it as d3-zoom's own scaleBy and translateBy would.
 */
import { zoomIdentity, ZoomTransform } from 'd3-zoom';
import { AXIS_HEIGHT, clampScroll, fitLabelWidth, traceStart } from './layout';
import type { ViewState } from './viewState';

/** Smallest visible span: a microsecond across the chart (float precision is far below). */
export const MIN_SPAN_MS = 1e-3;
/** Zoom factors from half the whole trace to a billion times it. */
export const SCALE_EXTENT: [number, number] = [0.5, 1e9];

/** The chart's box changed: the label column takes its share again, the window stays. */
export function resize(state: ViewState, width: number, height: number): void {
  const { view } = state;
  view.labelWidth = fitLabelWidth(width);
  view.width = Math.max(view.labelWidth + 100, width);
  view.height = Math.max(120, height);
  const [t0, t1] = state.x.domain();
  state.x0.range([view.labelWidth + 4, view.width - 12]);
  if (t1 > t0) setWindow(state, t0, t1);
  view.scrollY = clampScroll(view, state.rows.count, view.scrollY);
}

function setZoom(state: ViewState, zoom: ZoomTransform): void {
  state.zoom = zoom;
  state.x = zoom.rescaleX(state.x0);
}

/** Zooms so that [t0, t1] fills the chart. */
export function setWindow(state: ViewState, t0: number, t1: number): void {
  const { x0 } = state;
  const [r0, r1] = x0.range();
  const span = Math.max(t1 - t0, MIN_SPAN_MS);
  const k = (r1 - r0) / (x0(t0 + span) - x0(t0));
  setZoom(state, zoomIdentity.translate(r0 - k * x0(t0), state.zoom.y).scale(k));
}

/** + / -: zooms around the middle of the chart, as d3-zoom's scaleBy does. */
export function zoomBy(state: ViewState, factor: number): void {
  const { view, zoom } = state;
  const centre: [number, number] = [view.labelWidth + (view.width - view.labelWidth) / 2, AXIS_HEIGHT];
  const k = Math.max(SCALE_EXTENT[0], Math.min(SCALE_EXTENT[1], zoom.k * factor));
  const [t, y] = zoom.invert(centre);
  setZoom(state, zoomIdentity.translate(centre[0] - t * k, centre[1] - y * k).scale(k));
}

/** Moves the time axis `px` pixels to the right (earlier times come into view), as d3-zoom's translateBy does. */
export function panBy(state: ViewState, px: number): void {
  setZoom(state, state.zoom.translate(px / state.zoom.k, 0));
}

/** A pointer gesture moved the zoom (d3-zoom): it stops following; a drag also scrolls the lanes. */
export function zoomed(state: ViewState, zoom: ZoomTransform, source: Event | null): void {
  if (source) {
    state.following = false;
    const { view } = state;
    if (/move$/.test(source.type)) view.scrollY = clampScroll(view, state.rows.count, view.scrollY - (zoom.y - state.zoom.y));
  }
  setZoom(state, zoom);
}

/** Scrolls the lanes (not the fixed loop lane) by `dy` pixels. */
export function scrollBy(state: ViewState, dy: number): void {
  state.view.scrollY = clampScroll(state.view, state.rows.count, state.view.scrollY + dy);
}

export function fit(state: ViewState): void {
  const model = state.session.model;
  state.following = state.session.live;
  const start = traceStart(model);
  setWindow(state, start, Math.max(model.timeEnd, start + MIN_SPAN_MS));
}

export function toggleFollow(state: ViewState): void {
  state.following = !state.following;
  if (!state.following) return;
  const [t0, t1] = state.x.domain();
  const end = state.session.model.timeEnd;
  setWindow(state, end - (t1 - t0), end);
}
