/**
 * `coroutine-visualizer/vite`: a Vite plugin for Vitest (and Vite's own SSR runner). Vitest runs
 * test files through Vite's transform pipeline and its module runner, not through Node's
 * loader, so the shim's hooks never see them; this plugin places the probes there instead, after
 * Vite has compiled the TypeScript. The worker processes that run the tests load the shim
 * through NODE_OPTIONS (`covis record -- npx vitest run`, or a recording terminal), which
 * records what the probes report. Outside a recording the plugin does nothing.
 *
 *   // vitest.config.ts
 *   import coroutineVisualizer from 'coroutine-visualizer/vite';
 *   export default defineConfig({ plugins: [coroutineVisualizer()] });
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pluginFileFilter } from './filter';
import { isRecording } from './options';
import { instrumentForPlugin } from './transform';

/** Site ids of files instrumented by the plugin: a range of their own (the shim's hooks count from 1 and 2^24, call sites from 2^28). */
const PLUGIN_SITE_BASE = 1 << 26;

export interface CoroutineVisualizerPluginOptions {
  /** Globs of files to instrument (default: every file outside node_modules). */
  include?: string[];
  /** Globs of files never instrumented. */
  exclude?: string[];
}

/** The part of Vite's plugin interface this plugin uses (Vite is not a dependency of the package). */
interface TransformContext {
  getCombinedSourcemap?(): object | null;
}
interface VitePlugin {
  name: string;
  enforce: 'post';
  apply(): boolean;
  config(): { test: { setupFiles: string[] } };
  transform(this: TransformContext, code: string, id: string): { code: string; map: object } | null;
}

export default function coroutineVisualizer(pluginOptions: CoroutineVisualizerPluginOptions = {}): VitePlugin {
  const isUserFile = pluginFileFilter(pluginOptions, __dirname);
  let siteId = PLUGIN_SITE_BASE;
  const nextSiteId = (): number => siteId++;
  return {
    name: 'coroutine-visualizer',
    enforce: 'post',
    // Only under `covis record` or a recording terminal: elsewhere the probes would have no recorder to call.
    apply: () => isRecording(process.env),
    // Vitest ends its workers with a signal: a setup file flushes the recorder after each test file.
    config: () => ({ test: { setupFiles: [path.join(__dirname, 'vitest-setup.mjs')] } }),
    transform(code, id) {
      const file = id.split('?')[0];
      if (!isUserFile(file) || !fs.existsSync(file)) return null;
      // A map object (rollup's SourceMap, or a plain one): its JSON is the map either way.
      const combined = this.getCombinedSourcemap?.();
      return instrumentForPlugin(code, file, nextSiteId, combined ? JSON.stringify(combined) : undefined) ?? null;
    },
  };
}
