/**
 * What a VS Code panel keeps across reloads (the host's getState/setState): the window, the
 * selected task and the time cursor. Saved from the state after renders, a little after it last
 * changed; brought back onto the first finished trace of a revived panel.
 */
import { setCursor } from './playback';
import { selectTask } from './selection';
import { setWindow } from './timeWindow';
import type { ViewPersistedState, ViewState } from './viewState';

/** Saving is debounced: zooming or playing changes the window or cursor every frame. */
const SAVE_AFTER_MS = 300;

type Saved = Pick<ViewPersistedState, 'selectedTask' | 'window' | 'cursor'>;

function toSave(state: ViewState): Saved {
  // While following a live run the window is the growing tail, not a place worth returning
  // to (restored onto the finished trace it showed the first microsecond): keep none.
  const following = state.following;
  const [a, b] = state.x.domain();
  return {
    selectedTask: state.selectedTask >= 0 ? state.selectedTask : undefined,
    window: following ? undefined : [a, b],
    cursor: following ? undefined : state.cursor,
  };
}

/** Returns what to call after each render: it saves, debounced, when what is kept has changed. */
export function watchPersisted(state: ViewState): () => void {
  let last = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    const now = JSON.stringify(toSave(state));
    if (now === last) return;
    last = now;
    clearTimeout(timer);
    // Keep what the host stored (tracePath) and replace only the view's own fields.
    timer = setTimeout(() => state.host.setState({ ...state.host.getState(), ...toSave(state) }), SAVE_AFTER_MS);
  };
}

/** Brings back what a panel showed before its reload; returns what selecting its task announces. */
export function restoreView(state: ViewState, saved: ViewPersistedState | undefined): string | undefined {
  if (saved?.window) setWindow(state, saved.window[0], saved.window[1]);
  if (saved?.cursor !== undefined && state.session.problem.kind === 'none') setCursor(state, saved.cursor);
  if (saved?.selectedTask !== undefined && state.session.model.tasks[saved.selectedTask]) return selectTask(state, saved.selectedTask);
  return undefined;
}
