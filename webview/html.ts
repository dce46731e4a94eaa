/**
 * The one HTML page of the swimlane view, used by the VS Code panel (script/style URIs from
 * asWebviewUri) and by the standalone file of `covis view --html` (inline script and style,
 * embedded trace). No DOM or Node imports: the extension host and the CLI both call it.
 */

export interface WebviewHtmlOptions {
  /** URI of dist/webview.js (inside VS Code: webview.asWebviewUri). */
  scriptUri?: string;
  /** URI of dist/webview.css. */
  styleUri?: string;
  /** The whole of dist/webview.js, for the self-contained standalone page. */
  inlineScript?: string;
  /** The whole of dist/webview.css, for the standalone page. */
  inlineStyle?: string;
  /** webview.cspSource inside VS Code; standalone pass "'self'" (nothing is loaded from it). */
  cspSource: string;
  /** A fresh random string per render; only scripts carrying it may run. */
  nonce: string;
  /** A .covis trace (the raw stream bytes) in base64, shown without any host. */
  embeddedTraceBase64?: string;
  /** Its findings (protocol/findings.ts) as JSON, listed beside the lanes. */
  embeddedFindingsJson?: string;
  title?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Inline script/style text must not close its own element early. */
function escapeInline(text: string, tag: 'script' | 'style'): string {
  return text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

/** A fresh nonce from the platform's CSPRNG (Web Crypto exists in Node 20 and in browsers). */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let out = '';
  for (const b of bytes) out += chars[b % chars.length];
  return out;
}

export function renderWebviewHtml(opts: WebviewHtmlOptions): string {
  const nonce = escapeHtml(opts.nonce);
  const title = escapeHtml(opts.title ?? 'Coroutine Visualizer');
  const style = opts.inlineStyle !== undefined
    ? `<style>${escapeInline(opts.inlineStyle, 'style')}</style>`
    : opts.styleUri
      ? `<link rel="stylesheet" href="${escapeHtml(opts.styleUri)}">`
      : '';
  const script = opts.inlineScript !== undefined
    ? `<script nonce="${nonce}">${escapeInline(opts.inlineScript, 'script')}</script>`
    : opts.scriptUri
      ? `<script nonce="${nonce}" src="${escapeHtml(opts.scriptUri)}"></script>`
      : '';
  // base64 has no characters that need escaping inside a <script type="application/octet-stream">.
  const trace = opts.embeddedTraceBase64 !== undefined
    ? `<script id="covis-trace" type="application/octet-stream" nonce="${nonce}">${opts.embeddedTraceBase64.replace(/[^A-Za-z0-9+/=]/g, '')}</script>`
    : '';
  // JSON in a script element that never runs: `<` escaped so no `</script>` can end it early.
  const findings = opts.embeddedFindingsJson !== undefined
    ? `<script id="covis-findings" type="application/json" nonce="${nonce}">${opts.embeddedFindingsJson.replace(/</g, '\\u003c')}</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(opts.cspSource, opts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${style}
</head>
<body>
<div id="covis-root" data-title="${title}"><noscript>This view needs JavaScript.</noscript></div>
${trace}
${findings}
${script}
</body>
</html>
`;
}
