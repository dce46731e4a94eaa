/**
 * Pointer input on the axis strip and the replay controls, turned into actions: drag the time
 * cursor's handle, brush a range, click to place the cursor; Play/Pause, speed, hide the cursor.
 * The canvas dims what lies after the cursor (draw.ts) and the side panel says what every task
 * was doing then (panels.ts renderNow), like a debugger paused at t. Keys are keymap.ts.
 */
import type { Axis } from './axis';
import type { Dom } from './dom';
import { describeCursor, pause, setCursor, togglePlay } from './playback';
import { brush } from './selection';
import type { Dispatch, ViewState } from './viewState';

export function wirePlayhead(dom: Dom, axis: Axis, state: ViewState, dispatch: Dispatch): void {
  const axisTime = (clientX: number): number => state.x.invert(clientX - dom.svg.getBoundingClientRect().left);

  // Drag the handle; the pointer is captured so the drag may leave the axis strip.
  const handle = axis.handle.node() as SVGGElement;
  handle.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    event.stopPropagation();
    dispatch(pause);
    handle.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent): void => {
      const left = dom.svg.getBoundingClientRect().left;
      dispatch((s) => setCursor(s, s.x.invert(Math.max(s.view.labelWidth, e.clientX - left))));
    };
    const up = (e: PointerEvent): void => {
      handle.releasePointerCapture(e.pointerId);
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      dispatch(describeCursor);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  });

  // A drag across the axis brushes a range; a click (no drag) clears it, or with none places the cursor.
  axis.brusher.on('end', (event: { selection: [number, number] | null; sourceEvent: Event | null }) => {
    if (!event.sourceEvent) return; // moved by drawAxis, not by the user
    const selection = event.selection;
    const clientX = (event.sourceEvent as MouseEvent).clientX;
    dispatch((s) => {
      if (selection) return brush(s, [s.x.invert(selection[0]), s.x.invert(selection[1])]);
      const hadBrush = Boolean(s.brush);
      brush(s, undefined);
      if (!hadBrush && typeof clientX === 'number') setCursor(s, axisTime(clientX));
    });
  });

  dom.play.addEventListener('click', () => dispatch(togglePlay));
  dom.cursorClear.addEventListener('click', () => dispatch((s) => {
    pause(s);
    setCursor(s, undefined);
  }));
  const speed = (): number => Number(dom.speed.value || '1');
  state.speed = speed();
  dom.speed.addEventListener('change', () => dispatch((s) => {
    s.speed = speed();
  }));
}
