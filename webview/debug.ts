/**
 * window.__covis: the live view state for the browser tests and the benchmark, with a few ways
 * in that go through dispatch as the page's own inputs do. Not an API.
 */
import type { Dom } from './dom';
import { setCursor } from './playback';
import { selectTask } from './selection';
import { setWindow } from './timeWindow';
import type { Dispatch, ViewState } from './viewState';

interface Debug {
  dom: Dom;
  /** Frames rendered, and how long the last one took. */
  renders: number;
  lastRenderMs: number;
  /** Called after each render (the benchmark times to it). */
  onRender?: () => void;
  setWindow(t0: number, t1: number): void;
  setCursor(t: number | undefined): void;
  selectTask(taskId: number): void;
  requestRender(): void;
}

declare global {
  interface Window {
    __covis?: ViewState & Debug;
  }
}

/** The state itself (tests read and set its fields), with the handle's fields added. */
export function exposeForTests(state: ViewState, dom: Dom, dispatch: Dispatch, requestRender: () => void): ViewState & Debug {
  const exposed = Object.assign(state, {
    dom, renders: 0, lastRenderMs: 0, requestRender,
    setWindow: (t0: number, t1: number) => dispatch((s) => setWindow(s, t0, t1)),
    setCursor: (t: number | undefined) => dispatch((s) => setCursor(s, t)),
    selectTask: (taskId: number) => dispatch((s) => selectTask(s, taskId)),
  });
  window.__covis = exposed;
  return exposed;
}
