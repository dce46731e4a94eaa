/**
 * Every key the focused canvas answers, in one table read by one keydown handler (docs/webview.md
 * lists them). The first binding that matches runs; a key that matches none is left to the page.
 */
import { isLoopRow } from './lanes';
import { cursorToEdge, setCursor, stepCursor, togglePlay } from './playback';
import { brush, moveFocus, select, stepSegment, toggleCollapse, toggleLoop } from './selection';
import { fit, panBy, zoomBy } from './timeWindow';
import type { Dispatch, ViewState } from './viewState';

interface Binding {
  keys: readonly string[];
  /** true: only with Alt; false: only without Alt, Ctrl or Meta; absent: whatever is held. */
  alt?: boolean;
  /** Only when this holds; otherwise the next binding for the key is tried. */
  when?: (state: ViewState) => boolean;
  run: (state: ViewState) => string | void;
}

/** A tenth of the chart's width: one arrow-key pan. */
const panStep = (state: ViewState): number => (state.view.width - state.view.labelWidth) / 10;
const focusedTask = (state: ViewState): number => state.rows.task[state.focusRow];

export const KEYMAP: readonly Binding[] = [
  { keys: ['+', '='], run: (s) => zoomBy(s, 1.5) },
  { keys: ['-', '_'], run: (s) => zoomBy(s, 1 / 1.5) },
  { keys: ['ArrowRight'], alt: true, run: (s) => stepSegment(s, 1) },
  { keys: ['ArrowLeft'], alt: true, run: (s) => stepSegment(s, -1) },
  { keys: ['ArrowLeft'], run: (s) => panBy(s, panStep(s)) },
  { keys: ['ArrowRight'], run: (s) => panBy(s, -panStep(s)) },
  { keys: ['ArrowDown'], run: (s) => moveFocus(s, 1) },
  { keys: ['ArrowUp'], run: (s) => moveFocus(s, -1) },
  { keys: ['PageDown'], run: (s) => moveFocus(s, 10) },
  { keys: ['PageUp'], run: (s) => moveFocus(s, -10) },
  { keys: ['0'], run: fit },
  // On a loop row Space and Enter collapse its tasks; on a task lane Enter selects, Space collapses its children.
  { keys: [' ', 'Enter'], when: (s) => isLoopRow(s.rows, s.focusRow), run: (s) => toggleLoop(s, s.rows.loop[s.focusRow]) },
  { keys: ['Enter'], when: (s) => s.focusRow >= 0, run: (s) => select(s, focusedTask(s), s.focusSegment, s.focusRow) },
  { keys: [' '], when: (s) => s.focusRow >= 0, run: (s) => toggleCollapse(s, focusedTask(s)) },
  // Escape undoes the brush first, then hides the time cursor.
  { keys: ['Escape'], when: (s) => !s.brush, run: (s) => setCursor(s, undefined) },
  { keys: ['Escape'], run: (s) => brush(s, undefined) },
  { keys: ['.'], alt: false, run: (s) => stepCursor(s, 1) },
  { keys: [','], alt: false, run: (s) => stepCursor(s, -1) },
  { keys: ['Home'], alt: false, run: (s) => cursorToEdge(s, 'start') },
  { keys: ['End'], alt: false, run: (s) => cursorToEdge(s, 'end') },
  { keys: ['p', 'P'], alt: false, run: togglePlay },
];

export function bindingFor(state: ViewState, event: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey'>): Binding | undefined {
  const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
  return KEYMAP.find((b) => b.keys.includes(event.key) && (b.alt === undefined || (b.alt ? event.altKey : plain)) && (!b.when || b.when(state)));
}

export function wireKeys(canvas: HTMLCanvasElement, state: ViewState, dispatch: Dispatch): void {
  canvas.addEventListener('keydown', (event) => {
    const binding = bindingFor(state, event);
    if (!binding) return;
    event.preventDefault();
    dispatch(binding.run);
  });
}
