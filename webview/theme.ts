/**
 * Colours of the view. Inside VS Code they come from the theme's --vscode-* variables (light,
 * dark, high contrast) and are re-read when the body's theme class changes; standalone they come
 * from a built-in palette that follows prefers-color-scheme (or ?theme=light|dark).
 */
import { TurnKind } from '../protocol/events';

export interface Theme {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  laneAlt: string;
  focus: string;
  selection: string;
  running: string;
  suspended: string;
  ready: string;
  /** A sampled task's stretch whose waits were left out (--sample). */
  sampled: string;
  created: string;
  completed: string;
  failed: string;
  arrowWaker: string;
  arrowParent: string;
  /** A message from one loop to another (worker postMessage, process.send): the arrow and its turn. */
  arrowMessage: string;
  /** Loop busy colour per TurnKind. */
  turn: string[];
  font: string;
  dark: boolean;
}

const LIGHT: Theme = {
  background: '#ffffff', foreground: '#1f2328', muted: '#6e7781', grid: '#d8dee4', laneAlt: '#f6f8fa',
  focus: '#0969da', selection: 'rgba(9,105,218,0.12)',
  running: '#1a7f37', suspended: '#d4a72c', ready: '#e16f24', sampled: '#8c959f', created: '#8250df', completed: '#0969da', failed: '#cf222e',
  arrowWaker: '#bf3989', arrowParent: '#6e7781', arrowMessage: '#c2185b',
  turn: ['#57606a', '#0969da', '#1b7c83', '#8250df', '#9a6700', '#c2185b'],
  font: '12px system-ui, sans-serif', dark: false,
};

const DARK: Theme = {
  background: '#1e1e1e', foreground: '#d4d4d4', muted: '#8b949e', grid: '#30363d', laneAlt: '#252526',
  focus: '#4fc1ff', selection: 'rgba(79,193,255,0.15)',
  running: '#3fb950', suspended: '#d29922', ready: '#f0883e', sampled: '#6e7681', created: '#a371f7', completed: '#58a6ff', failed: '#f85149',
  arrowWaker: '#ff7bd5', arrowParent: '#8b949e', arrowMessage: '#f778ba',
  turn: ['#8b949e', '#58a6ff', '#39c5cf', '#a371f7', '#d29922', '#f778ba'],
  font: '12px system-ui, sans-serif', dark: true,
};

export function builtInTheme(dark: boolean): Theme {
  return { ...(dark ? DARK : LIGHT), turn: [...(dark ? DARK : LIGHT).turn] };
}

/** Which VS Code variable feeds which colour; the built-in palette fills any that are missing. */
const VSCODE_VARS: Partial<Record<keyof Theme, string>> = {
  background: '--vscode-editor-background',
  foreground: '--vscode-editor-foreground',
  muted: '--vscode-descriptionForeground',
  grid: '--vscode-editorWidget-border',
  laneAlt: '--vscode-editor-lineHighlightBackground',
  focus: '--vscode-focusBorder',
  selection: '--vscode-editor-selectionHighlightBackground',
  running: '--vscode-charts-green',
  suspended: '--vscode-charts-yellow',
  ready: '--vscode-charts-orange',
  sampled: '--vscode-disabledForeground',
  created: '--vscode-charts-purple',
  completed: '--vscode-charts-blue',
  failed: '--vscode-charts-red',
  arrowWaker: '--vscode-charts-purple',
  arrowParent: '--vscode-descriptionForeground',
};

/** Reads the theme from CSS variables; `read` is getComputedStyle(body).getPropertyValue. */
export function themeFromVariables(read: (name: string) => string, dark: boolean): Theme {
  const theme = builtInTheme(dark);
  for (const [key, variable] of Object.entries(VSCODE_VARS) as [keyof Theme, string][]) {
    const value = read(variable).trim();
    if (value) (theme as unknown as Record<string, string>)[key] = value;
  }
  const font = read('--vscode-font-family').trim();
  if (font) theme.font = `12px ${font}`;
  theme.turn[TurnKind.Timer] = read('--vscode-charts-blue').trim() || theme.turn[TurnKind.Timer];
  return theme;
}

/** The theme for the current document: VS Code's when its classes are on the body. */
export function currentTheme(doc: Document, win: Window): Theme {
  const body = doc.body;
  const vscodeKind = ['vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light'].find((c) => body.classList.contains(c));
  if (vscodeKind) {
    const style = win.getComputedStyle(body);
    return themeFromVariables((name) => style.getPropertyValue(name), vscodeKind === 'vscode-dark' || vscodeKind === 'vscode-high-contrast');
  }
  const forced = new URLSearchParams(win.location.search).get('theme') ?? body.dataset.theme;
  const dark = forced ? forced === 'dark' : win.matchMedia?.('(prefers-color-scheme: dark)').matches;
  return builtInTheme(Boolean(dark));
}
