/** What run.mjs needs from the TypeScript sources, bundled once by esbuild for Node. */
import { toChromeTrace } from '../../protocol/chromeTrace';
import { decodeTrace } from '../../protocol/frames';
import { buildModel } from '../../protocol/model';
import { renderStandaloneHtml } from '../../runtime/viewCommand';
import { synthTrace } from './synth';

export { renderStandaloneHtml, synthTrace };

/** The same trace in Chrome Trace Event JSON, for the speedscope comparison. */
export function chromeJson(bytes: Uint8Array): string {
  return JSON.stringify(toChromeTrace(buildModel(decodeTrace(bytes).frames)));
}
