/**
 * The page skeleton: toolbar (search, filters, fit, follow, table toggle), legend, banners,
 * the canvas with its SVG axis/brush overlay, tooltip, details panel, stats box and table.
 * Plain DOM building; behaviour is wired in input.ts and app.ts.
 */
import { TURN_KIND_NAMES } from '../protocol/events';
import { STATE_NAMES, STATE_WORDS } from '../protocol/states';
import type { Theme } from './theme';

export interface Dom {
  root: HTMLElement;
  title: HTMLElement;
  status: HTMLElement;
  search: HTMLInputElement;
  hideCompleted: HTMLInputElement;
  fit: HTMLButtonElement;
  follow: HTMLButtonElement;
  tableToggle: HTMLButtonElement;
  play: HTMLButtonElement;
  speed: HTMLSelectElement;
  cursorText: HTMLElement;
  cursorClear: HTMLButtonElement;
  legend: HTMLElement;
  banner: HTMLElement;
  message: HTMLElement;
  chart: HTMLElement;
  canvas: HTMLCanvasElement;
  svg: SVGSVGElement;
  tooltip: HTMLElement;
  details: HTMLElement;
  stats: HTMLElement;
  /** The findings of the run (findingsList.ts). */
  findings: HTMLElement;
  /** "State at t": the replay cursor's snapshot. */
  now: HTMLElement;
  table: HTMLElement;
  announce: HTMLElement;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function buildDom(root: HTMLElement): Dom {
  root.textContent = '';
  root.className = 'covis';
  const toolbar = el('div', { class: 'covis-toolbar', role: 'toolbar', 'aria-label': 'Swimlane controls' });
  const title = el('span', { class: 'covis-title' }, 'Coroutine Visualizer');
  const status = el('span', { class: 'covis-status', role: 'status' });
  const search = el('input', { type: 'search', placeholder: 'Filter lanes by name or file', 'aria-label': 'Filter lanes by name or file', class: 'covis-search' });
  const hideLabel = el('label', { class: 'covis-check' });
  const hideCompleted = el('input', { type: 'checkbox' });
  hideLabel.append(hideCompleted, document.createTextNode(' hide completed'));
  const fit = el('button', { type: 'button', title: 'Fit the whole trace (0)' }, 'Fit');
  const follow = el('button', { type: 'button', 'aria-pressed': 'false', title: 'Follow the newest events while the program runs' }, 'Follow live');
  const tableToggle = el('button', { type: 'button', 'aria-pressed': 'false', title: 'Show the tasks as a table' }, 'Table view');
  // Replay: play/pause, speed (trace time per wall-clock time), where the cursor is.
  const play = el('button', { type: 'button', 'aria-pressed': 'false', title: 'Replay the trace from the time cursor (P)' }, '▶ Play');
  const speed = el('select', { 'aria-label': 'Replay speed', title: 'Replay speed: trace time per real time (idle gaps take at most 0.3 s)' });
  for (const [value, label] of [['0.01', '0.01×'], ['0.1', '0.1×'], ['0.25', '0.25×'], ['1', '1×'], ['4', '4×'], ['16', '16×']]) {
    speed.append(el('option', value === '0.25' ? { value, selected: '' } : { value }, label));
  }
  const cursorText = el('span', { class: 'covis-cursor-text' });
  const cursorClear = el('button', { type: 'button', title: 'Hide the time cursor: show the whole trace', 'aria-label': 'Hide the time cursor', hidden: '' }, '✕');
  // Two groups that wrap as wholes: in a narrow panel the controls drop below the title and
  // status, and the status shrinks with an ellipsis (full text in its tooltip) instead of vanishing.
  const heading = el('div', { class: 'covis-heading' });
  heading.append(title, status);
  const controls = el('div', { class: 'covis-controls' });
  const replay = el('span', { class: 'covis-replay', role: 'group', 'aria-label': 'Replay' });
  replay.append(play, speed, cursorText, cursorClear);
  controls.append(search, hideLabel, fit, follow, tableToggle, replay);
  toolbar.append(heading, controls);
  const legend = el('div', { class: 'covis-legend', 'aria-label': 'Legend' });
  const banner = el('div', { class: 'covis-banner', role: 'status', hidden: '' });
  const message = el('div', { class: 'covis-message', role: 'alert', hidden: '' });
  const main = el('div', { class: 'covis-main' });
  const chart = el('div', { class: 'covis-chart' });
  const canvas = el('canvas', {
    tabindex: '0',
    role: 'application',
    'aria-label': 'Swimlanes: one lane per task under the event loop. Up/Down move between lanes, Alt+Left/Right between slices, Enter opens details, + and - zoom, Left/Right pan, 0 fits. Time cursor: comma and period step to the previous/next event, Home/End jump to the start/end, P plays.',
  });
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'covis-axis');
  svg.setAttribute('aria-hidden', 'true');
  const tooltip = el('div', { class: 'covis-tooltip', role: 'tooltip', hidden: '' });
  chart.append(canvas, svg, tooltip);
  const side = el('aside', { class: 'covis-side' });
  const stats = el('section', { class: 'covis-stats', 'aria-label': 'Statistics of the selected range', hidden: '' });
  const details = el('section', { class: 'covis-details', 'aria-label': 'Task details', hidden: '' });
  const now = el('section', { class: 'covis-now', 'aria-label': 'State at the time cursor', hidden: '' });
  const findings = el('section', { class: 'covis-findings', 'aria-label': 'Findings of the run', hidden: '' });
  side.append(findings, now, stats, details);
  const table = el('div', { class: 'covis-table', hidden: '' });
  main.append(chart, table, side);
  const announce = el('div', { class: 'covis-sr-only', 'aria-live': 'polite' });
  root.append(toolbar, legend, banner, message, main, announce);
  return { root, title, status, search, hideCompleted, fit, follow, tableToggle, play, speed, cursorText, cursorClear, legend, banner, message, chart, canvas, svg, tooltip, details, stats, findings, now, table, announce };
}

/**
 * Swatches in the theme's colours with the seed's words; re-run when the theme changes. The
 * "Sampled" state appears only for traces recorded with --sample, the only ones that have it.
 */
export function renderLegend(dom: Dom, theme: Theme, sampled = false): void {
  dom.legend.textContent = '';
  const swatch = (colour: string, word: string, meaning: string, shape = ''): void => {
    const item = el('span', { class: 'covis-legend-item', title: meaning });
    const box = el('span', { class: `covis-swatch ${shape}` });
    box.style.background = colour;
    item.append(box, document.createTextNode(word));
    dom.legend.append(item);
  };
  for (const name of STATE_NAMES.filter((n) => sampled || n !== 'sampled')) {
    const { word, meaning } = STATE_WORDS[name];
    swatch(theme[name], word, meaning, name === 'created' || name === 'completed' || name === 'failed' ? 'marker' : '');
  }
  dom.legend.append(el('span', { class: 'covis-legend-sep' }, 'loop:'));
  TURN_KIND_NAMES.forEach((name, kind) => swatch(theme.turn[kind], name, `the thread runs a ${name} callback and the microtasks after it`));
  // Drawn as the canvas draws it: the turn colour, paled and hatched (here in the neutral script colour).
  swatch('', 'microtask checkpoint', 'the part of a turn after its callback returned: process.nextTick callbacks and promise reactions', 'hatched');
  const hatched = dom.legend.lastElementChild?.firstElementChild as HTMLElement;
  hatched.style.background = `repeating-linear-gradient(-45deg, ${theme.turn[0]} 0 1.5px, transparent 1.5px 4px)`;
  hatched.style.boxShadow = `inset 0 0 0 1px ${theme.turn[0]}`;
}

export function showText(node: HTMLElement, heading: string, lines: string[]): void {
  node.textContent = '';
  node.append(el('h3', {}, heading));
  const list = el('ul');
  for (const line of lines) list.append(el('li', {}, line));
  node.append(list);
  node.hidden = false;
}

export { el };
