/**
 * Trace time as text, one vocabulary for the editor (extension/) and the swimlanes (webview/).
 * No imports: the host, the page and the CLI can all use it.
 */

/**
 * How a duration is written. 'brief' stays in ms and s with at most two decimals: an editor
 * hover or a status line wants a rough size. 'precise' keeps three significant digits down to
 * nanoseconds: the view shows slices of a few microseconds side by side and they must read apart.
 */
export type DurationStyle = 'brief' | 'precise';

export function formatMs(ms: number, style: DurationStyle = 'brief'): string {
  return style === 'brief' ? brief(ms) : precise(ms);
}

function precise(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs >= 1000) return `${(ms / 1000).toFixed(abs >= 10000 ? 1 : 2)} s`;
  if (abs >= 1) return `${ms.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2)} ms`;
  if (abs >= 0.001) return `${(ms * 1000).toFixed(abs >= 0.1 ? 0 : 1)} µs`;
  return `${Math.round(ms * 1e6)} ns`;
}

function brief(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** An instant on the trace clock (the replay cursor): microsecond precision, so steps between close events read apart. */
export function formatInstant(ms: number): string {
  return Math.abs(ms) >= 1000 ? `${(ms / 1000).toFixed(6)} s` : `${ms.toFixed(3)} ms`;
}

/** An axis tick: the unit of the time, with as many decimals as the tick step needs to tell ticks apart. */
export function formatTick(ms: number, stepMs: number): string {
  const [unit, scale] = Math.abs(ms) >= 1000 ? ['s', 1e-3] : Math.abs(ms) >= 1 || ms === 0 ? ['ms', 1] : ['µs', 1e3];
  const step = Math.abs(stepMs * scale);
  const decimals = step > 0 ? Math.min(9, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))) : 0;
  return `${(ms * scale).toFixed(decimals)} ${unit}`;
}
