/**
 * The view's state: everything on screen is drawn from it (render.ts), and DOM events change it
 * only through actions, plain functions of it (input.ts, keymap.ts and playhead.ts call them):
 * timeWindow.ts (zoom and pan), selection.ts (lanes, focus, filters, brush), playback.ts (the
 * time cursor), sync.ts (catching up with the model). An action may return a sentence for
 * screen readers, which dispatch announces.
 */
import { scaleLinear, ScaleLinear } from 'd3-scale';
import { zoomIdentity, ZoomTransform } from 'd3-zoom';
import type { Finding } from '../protocol/findings/types';
import type { FromWebviewMessage, WebviewPersistedState } from '../protocol/webviewMessages';
import type { DrawStats } from './draw';
import { computeRows, Rows, SegmentIndex } from './lanes';
import { Hit, LABEL_WIDTH_MAX, Viewport } from './layout';
import { TraceSession } from './session';
import type { Theme } from './theme';

/** What the view keeps across reloads: the protocol's fields plus the replay cursor (webview-only). */
export interface ViewPersistedState extends WebviewPersistedState {
  /** Replay cursor in trace ms; absent when the whole trace is shown. */
  cursor?: number;
}

export interface Host {
  inVsCode: boolean;
  post(message: FromWebviewMessage): void;
  getState(): ViewPersistedState | undefined;
  setState(state: ViewPersistedState): void;
}

/** Parts of the page redrawn at the next render, each from the state alone. */
export type Panel = 'details' | 'stats' | 'table' | 'findings' | 'tooltip';

export interface ViewState {
  session: TraceSession;
  host: Host;
  theme: Theme;
  rows: Rows;
  index: SegmentIndex;
  filter: { query: string; hideCompleted: boolean; collapsed: Set<number>; collapsedLoops: Set<number> };
  view: Viewport;
  /** The unzoomed scale: the whole trace across the chart. */
  x0: ScaleLinear<number, number>;
  /** The zoomed scale: zoom.rescaleX(x0). */
  x: ScaleLinear<number, number>;
  /** The zoom (d3-zoom's transform); its y follows drags, which scroll the lanes. input.ts hands it to d3-zoom. */
  zoom: ZoomTransform;
  hover: Hit;
  /** The pointer over the canvas (CSS px): the tooltip sits beside it. */
  pointer: [number, number];
  selectedTask: number;
  focusRow: number;
  focusSegment: number;
  brush?: [number, number];
  /** Replay cursor (trace ms): the view shows the trace as it stood then; undefined = all of it. */
  cursor?: number;
  /** While Play runs: the wall-clock time (performance.now) the cursor last moved at. */
  playing?: number;
  /** Replay speed: trace time per real time. */
  speed: number;
  following: boolean;
  showTable: boolean;
  /** What the run proves wrong, from the host or the standalone page; undefined until it has been checked. */
  findings?: Finding[];
  /** Index in `findings` of the one chosen in the list, -1 for none. */
  selectedFinding: number;
  /** Above the lanes: usually the program's file name. */
  title?: string;
  /** The host's status line ("running: …"), put before the counts. */
  hostStatus?: string;
  /** Said instead of the lanes when there is no trace to show. */
  notice?: string;
  lastStats?: DrawStats;
  rowsDirty: boolean;
  dirty: Set<Panel>;
  /** What syncModel last saw: the session's generation, when rows were computed, the time domain's end. */
  synced: { generation: number; rowsAt: number; domainEnd: number };
}

/** Runs an action on the view state, announces what it returns, and renders (app.ts). */
export type Dispatch = (action: (state: ViewState) => string | void) => void;

export function createViewState(host: Host, theme: Theme, title?: string): ViewState {
  const session = new TraceSession();
  return {
    session, host, theme, title,
    rows: computeRows(session.model, { query: '', hideCompleted: false, collapsed: new Set() }),
    index: new SegmentIndex(session.model),
    filter: { query: '', hideCompleted: false, collapsed: new Set(), collapsedLoops: new Set() },
    view: { width: 800, height: 400, scrollY: 0, labelWidth: LABEL_WIDTH_MAX },
    x0: scaleLinear(),
    x: scaleLinear(),
    zoom: zoomIdentity,
    hover: { kind: 'none' },
    pointer: [0, 0],
    selectedTask: -1,
    focusRow: -1,
    focusSegment: -1,
    speed: 1,
    following: false,
    showTable: false,
    selectedFinding: -1,
    rowsDirty: true,
    dirty: new Set(),
    synced: { generation: -1, rowsAt: 0, domainEnd: 0 },
  };
}

