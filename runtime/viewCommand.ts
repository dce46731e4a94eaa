/**
 * `covis view trace.covis --html out.html`: one self-contained page (no network, no external
 * resources) that shows the swimlanes in any browser. The trace bytes go in as they are
 * (base64): the page decodes them with the same code the VS Code webview runs. The findings of
 * the trace (what `covis check` would report, the program's files read from where they were
 * recorded) go in as JSON, listed beside the lanes.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFindings, type Finding } from '../protocol/findings';
import { decodeTrace } from '../protocol/frames';
import { buildModel } from '../protocol/model';
import { renderWebviewHtml } from '../webview/html';
import { programSources } from './findingSources';

export interface ViewOptions {
  /** The .covis trace to embed. */
  trace: string;
  /** Where to write the page. */
  html: string;
  /** Folder holding webview.js and webview.css (default: next to the running cli.js). */
  distDir?: string;
  title?: string;
}

/** Finds the built page assets: next to dist/cli.js when bundled, else ../dist from the sources. */
export function findWebviewAssets(distDir?: string): { script: string; style: string } {
  const candidates = distDir ? [distDir] : [__dirname, path.join(__dirname, '..', 'dist')];
  for (const dir of candidates) {
    const script = path.join(dir, 'webview.js');
    if (fs.existsSync(script)) return { script, style: path.join(dir, 'webview.css') };
  }
  throw new Error(`webview.js not found in ${candidates.join(' or ')}; run \`node scripts/build.mjs\` first`);
}

/** Builds the standalone page; the trace is embedded even if it is corrupt, so the page can say why. */
export function renderStandaloneHtml(traceBytes: Uint8Array, options: { distDir?: string; title?: string; findings?: Finding[] }): string {
  const assets = findWebviewAssets(options.distDir);
  // Source-map comments would point at files the reader does not have.
  const strip = (code: string): string => code.replace(/\n\/[/*]# sourceMappingURL=.*$/m, '');
  return renderWebviewHtml({
    inlineScript: strip(fs.readFileSync(assets.script, 'utf8')),
    inlineStyle: fs.existsSync(assets.style) ? strip(fs.readFileSync(assets.style, 'utf8')) : '',
    cspSource: "'self'",
    nonce: randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, ''),
    embeddedTraceBase64: Buffer.from(traceBytes).toString('base64'),
    ...(options.findings ? { embeddedFindingsJson: JSON.stringify(options.findings) } : {}),
    title: options.title,
  });
}

export function writeStandaloneHtml(options: ViewOptions): void {
  const bytes = fs.readFileSync(options.trace);
  const title = options.title ?? `${path.basename(options.trace)} — Coroutine Visualizer`;
  fs.writeFileSync(options.html, renderStandaloneHtml(bytes, { distDir: options.distDir, title, findings: traceFindings(bytes) }));
}

/** The findings of a trace with the default thresholds; none for a trace that cannot be read (the page says why). */
export function traceFindings(bytes: Uint8Array): Finding[] | undefined {
  try {
    const { frames, truncated } = decodeTrace(bytes);
    return findFindings(buildModel(frames, truncated), {}, programSources());
  } catch {
    return undefined;
  }
}
