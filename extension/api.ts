/**
 * What activate() returns: a narrow read-only view for the integration tests (and for other
 * extensions that want to know what is being visualized). Nothing here changes behaviour
 * except `setTrustOverride`, which lets the suite exercise the untrusted-workspace path.
 */
import type { TraceModel } from '../protocol/model';
import type { Ctx } from './ctx';
import type { SuspendedLineDecorations } from './decorations';
import type { PanelManager, PanelStats } from './panel';
import type { SessionStatusBar } from './statusBar';

export interface CoroutineVisualizerApi {
  /** The trace being shown (live or opened), if any. */
  currentTrace(): { model: TraceModel; live: boolean; byteLength: number; title: string } | undefined;
  panel(): { visible: boolean; stats: PanelStats };
  /** Lines (1-based) decorated as "suspended now", per document URI. */
  decoratedLines(): Map<string, number[]>;
  statusBarText(): string | undefined;
  /** The trace file a panel restored after a reload would show (saved, opened or the kept last run). */
  lastTracePath(): string | undefined;
  setTrustOverride(trusted: boolean | undefined): void;
}

export function createApi(ctx: Ctx, panels: PanelManager, decorations: SuspendedLineDecorations, statusBar: SessionStatusBar): CoroutineVisualizerApi {
  return {
    currentTrace: () => {
      const trace = ctx.trace;
      return trace && { model: trace.model, live: trace.live, byteLength: trace.bytes.length, title: trace.origin.title };
    },
    panel: () => ({ visible: panels.visible, stats: { ...panels.stats } }),
    decoratedLines: () => new Map(decorations.current),
    statusBarText: () => statusBar.text,
    lastTracePath: () => ctx.lastTracePath,
    setTrustOverride: (trusted) => {
      ctx.trustOverride = trusted;
    },
  };
}
