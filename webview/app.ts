/**
 * The shell: builds the page and the view state, wires the inputs to actions, and answers the
 * host's messages. Every change goes through dispatch: run an action on the state, announce what
 * it says, and render in the next animation frame (render.ts draws the canvas and the panels).
 */
import type { Finding } from '../protocol/findings/types';
import { FromWebviewType } from '../protocol/webviewMessages';
import { buildAxis } from './axis';
import { exposeForTests } from './debug';
import { buildDom } from './dom';
import { setFindings } from './findingsList';
import { wirePointer, wireToolbar, wireZoom } from './input';
import { wireKeys } from './keymap';
import { restoreView } from './persist';
import { wirePlayhead } from './playhead';
import { createRenderer } from './render';
import { selectTask } from './selection';
import { resetView } from './sync';
import { currentTheme } from './theme';
import { resize } from './timeWindow';
import { createViewState, Dispatch, Host, ViewState } from './viewState';

export interface App {
  reset(bytes: Uint8Array | undefined, live: boolean, title?: string): void;
  append(bytes: Uint8Array): void;
  status(text: string, live: boolean): void;
  selectTask(taskId: number): void;
  /** The findings of the trace shown (after a Reset; replaces the list). */
  findings(findings: Finding[]): void;
  showMessage(text: string): void;
}

export function createApp(root: HTMLElement, host: Host, title?: string): App {
  const dom = buildDom(root);
  const axis = buildAxis(dom.svg);
  const state = createViewState(host, currentTheme(document, window), title);
  const session = state.session;
  let frame = 0;
  const requestRender = (): void => {
    if (!frame) frame = requestAnimationFrame(onFrame);
  };
  const dispatch: Dispatch = (action) => {
    const said = action(state);
    if (said) dom.announce.textContent = said;
    requestRender();
  };
  const render = createRenderer(state, dom, axis, dispatch);
  const exposed = exposeForTests(state, dom, dispatch, requestRender);

  function onFrame(now: number): void {
    frame = 0;
    const t0 = performance.now();
    render(now);
    // Play moves the cursor in every frame until it pauses.
    if (state.playing !== undefined) requestRender();
    exposed.renders++;
    exposed.lastRenderMs = performance.now() - t0;
    exposed.onRender?.();
  }

  wireZoom(dom.canvas, state, dispatch);
  wirePointer(dom.canvas, state, dispatch);
  wireKeys(dom.canvas, state, dispatch);
  wireToolbar(dom, dispatch);
  wirePlayhead(dom, axis, state, dispatch);
  const fitChart = (): void => {
    const rect = dom.chart.getBoundingClientRect();
    dispatch((s) => resize(s, Math.floor(rect.width), Math.floor(rect.height)));
  };
  new ResizeObserver(fitChart).observe(dom.chart);
  fitChart();
  // VS Code swaps the body's theme class when the user changes theme: re-read the colours.
  const rereadTheme = (s: ViewState): void => {
    s.theme = currentTheme(document, window);
  };
  new MutationObserver(() => dispatch(rereadTheme)).observe(document.body, { attributes: true, attributeFilter: ['class'] });

  // What the panel showed before a reload: applied to the first finished trace only, never to
  // later ones (a trace opened afterwards must not inherit another trace's zoom).
  let restored = host.getState();
  return {
    reset(bytes, live, newTitle) {
      dispatch((s) => {
        if (newTitle) s.title = newTitle;
        session.reset(bytes, live);
        resetView(s, live);
        const previous = live ? undefined : restored;
        restored = undefined;
        const said = restoreView(s, previous);
        if (session.problem.kind !== 'none') host.post({ type: FromWebviewType.Error, message: session.problem.message });
        return said;
      });
    },
    append: (bytes) => dispatch(() => session.append(bytes)),
    status(text, live) {
      dispatch((s) => {
        s.hostStatus = text;
        if (!live && session.live) session.finish();
      });
    },
    selectTask: (taskId) => dispatch((s) => selectTask(s, taskId)),
    findings: (findings) => dispatch((s) => setFindings(s, findings)),
    showMessage(text) {
      dispatch((s) => {
        s.notice = text;
      });
    },
  };
}
