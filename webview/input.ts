/**
 * Pointer and toolbar input, turned into actions. d3-zoom handles the pointer's zoom and pan
 * gestures on the time axis; the vertical scroll of the lanes is ours, fed by drags, wheel over
 * the labels or with Shift. Keys are keymap.ts; the axis strip and replay controls playhead.ts.
 */
import { select } from 'd3-selection';
import { zoom, ZoomTransform, zoomTransform } from 'd3-zoom';
import type { Dom } from './dom';
import { hitTest } from './layout';
import { hoverAt, select as selectLane, setHideCompleted, setQuery, toggleCollapse, toggleLoop, toggleTable } from './selection';
import { fit, panBy, SCALE_EXTENT, scrollBy, toggleFollow, zoomed } from './timeWindow';
import type { Dispatch, ViewState } from './viewState';

/**
 * d3-zoom for the pointer: wheel zooms, drag pans (and scrolls the lanes), pinch zooms. Actions
 * move the zoom too, and d3-zoom keeps its own copy on the canvas: it takes the state's before
 * each gesture it starts (its filter runs first), so a gesture goes on from what is shown.
 */
export function wireZoom(canvas: HTMLCanvasElement, state: ViewState, dispatch: Dispatch): void {
  let adopting = false;
  const zoomer = zoom<HTMLCanvasElement, unknown>()
    .scaleExtent(SCALE_EXTENT)
    .filter((event: Event) => {
      adopt();
      // Wheel over the chart zooms; wheel over the labels, with Shift, or mostly sideways scrolls instead.
      if (event.type === 'wheel') return !scrolls(event as WheelEvent, state);
      if (event.type === 'dblclick') return false;
      return !(event as MouseEvent).button;
    })
    .on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) => {
      if (!adopting) dispatch((s) => zoomed(s, event.transform, event.sourceEvent));
    });
  const target = select(canvas).call(zoomer);

  function adopt(): void {
    const { view, zoom: wanted } = state;
    zoomer.extent([[view.labelWidth, 0], [view.width, view.height]]);
    const held = zoomTransform(canvas);
    if (held.k === wanted.k && held.x === wanted.x && held.y === wanted.y) return;
    adopting = true;
    target.call(zoomer.transform, wanted);
    adopting = false;
  }
}

/** A wheel that scrolls the lanes or pans sideways rather than zooming. */
function scrolls(wheel: WheelEvent, state: ViewState): boolean {
  return wheel.offsetX < state.view.labelWidth || wheel.shiftKey || Math.abs(wheel.deltaX) > Math.abs(wheel.deltaY);
}

export function wirePointer(canvas: HTMLCanvasElement, state: ViewState, dispatch: Dispatch): void {
  const hitAt = (event: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    return { px, py, hit: hitTest(state.session.model, state.rows, state.index, state.x, state.view, px, py) };
  };
  canvas.addEventListener('mousemove', (event) => {
    const { px, py, hit } = hitAt(event);
    dispatch((s) => hoverAt(s, hit, px, py));
  });
  canvas.addEventListener('mouseleave', () => dispatch((s) => hoverAt(s, { kind: 'none' }, 0, 0)));
  canvas.addEventListener('click', (event) => {
    const { px, hit } = hitAt(event);
    if (hit.kind === 'loop') dispatch((s) => toggleLoop(s, hit.loop));
    else if (hit.kind === 'segment') dispatch((s) => selectLane(s, hit.task, hit.segment, hit.row));
    else if (hit.kind === 'label') {
      // The ▾/▸ left of a parent's name collapses it; the rest of the label selects.
      const indent = 8 + Math.min(state.rows.depth[hit.row], 12) * 10;
      const onToggle = Boolean(state.session.model.tasks[hit.task]?.children.length) && px >= indent - 4 && px <= indent + 12;
      dispatch((s) => (onToggle ? toggleCollapse(s, hit.task) : selectLane(s, hit.task, -1, hit.row)));
    }
  });
  canvas.addEventListener('wheel', (event) => {
    if (!scrolls(event, state)) return; // d3-zoom's
    event.preventDefault();
    const sideways = Math.abs(event.deltaX) > Math.abs(event.deltaY);
    dispatch((s) => (sideways ? panBy(s, -event.deltaX) : scrollBy(s, event.deltaY)));
  }, { passive: false });
}

export function wireToolbar(dom: Dom, dispatch: Dispatch): void {
  dom.fit.addEventListener('click', () => dispatch(fit));
  dom.follow.addEventListener('click', () => dispatch(toggleFollow));
  dom.tableToggle.addEventListener('click', () => dispatch(toggleTable));
  dom.search.addEventListener('input', () => dispatch((s) => setQuery(s, dom.search.value)));
  dom.hideCompleted.addEventListener('change', () => dispatch((s) => setHideCompleted(s, dom.hideCompleted.checked)));
}
