/**
 * The SVG strip over the canvas: axis ticks, the d3 brush and the time cursor's handle. Built
 * once; drawAxis puts them where the state says (playhead.ts wires their pointer events).
 */
import { axisTop } from 'd3-axis';
import { brushX, BrushBehavior } from 'd3-brush';
import { select, Selection } from 'd3-selection';
import { formatTick } from '../protocol/format';
import { AXIS_HEIGHT } from './layout';
import { cursorBounds } from './playback';
import type { ViewState } from './viewState';

type Group = Selection<SVGGElement, unknown, null, undefined>;

export interface Axis {
  svg: SVGSVGElement;
  ticks: Group;
  brush: Group;
  brusher: BrushBehavior<unknown>;
  /** The time cursor's handle. */
  handle: Group;
  /** What was last drawn: the strip's size and the brush in pixels (d3-brush is moved only when they change). */
  shown: { size: string; brush: string };
}

export function buildAxis(svg: SVGSVGElement): Axis {
  const root = select(svg);
  // In this order: the handle lies above the brush, so it is the one that gets the pointer.
  const ticks = root.append('g').attr('class', 'covis-ticks') as unknown as Group;
  const brush = root.append('g').attr('class', 'covis-brush') as unknown as Group;
  const handle = root.append('g').attr('class', 'covis-playhead') as unknown as Group;
  handle.append('rect').attr('x', -7).attr('y', 0).attr('width', 14).attr('height', AXIS_HEIGHT).attr('fill', 'transparent');
  handle.append('line').attr('y1', 0).attr('y2', AXIS_HEIGHT);
  handle.append('path').attr('d', 'M-6,0 L6,0 L6,7 L0,13 L-6,7 Z');
  return { svg, ticks, brush, brusher: brushX(), handle, shown: { size: '', brush: '' } };
}

export function drawAxis(axis: Axis, state: ViewState, ticks: number[]): void {
  const { view, x } = state;
  const size = `${view.width} ${view.labelWidth}`;
  if (axis.shown.size !== size) {
    axis.shown.size = size;
    select(axis.svg).attr('width', view.width).attr('height', AXIS_HEIGHT);
    axis.brush.call(axis.brusher.extent([[view.labelWidth, 0], [view.width, AXIS_HEIGHT]]));
  }
  // The brushed range is kept in time: it moves with the zoom.
  const range = state.brush ? ([x(state.brush[0]), x(state.brush[1])] as [number, number]) : null;
  if (axis.shown.brush !== String(range)) {
    axis.shown.brush = String(range);
    axis.brush.call(axis.brusher.move, range);
  }
  axis.ticks
    .attr('transform', `translate(0,${AXIS_HEIGHT - 1})`)
    .call(axisTop(x).tickValues(ticks).tickFormat((d) => formatTick(Number(d), ticks.length > 1 ? ticks[1] - ticks[0] : 1)).tickSizeOuter(0));
  // Without a cursor the handle waits, faded, at the trace end: visible, so people find it.
  const px = x(state.cursor ?? cursorBounds(state)[1]);
  axis.handle
    .attr('transform', `translate(${px},0)`)
    .attr('display', px < view.labelWidth - 1 || px > view.width + 1 ? 'none' : null)
    .classed('covis-playhead-off', state.cursor === undefined);
}
