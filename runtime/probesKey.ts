/**
 * Where the shim also leaves its probes: on `node:util`, under Symbol.for(PROBES_KEY). Code that
 * runs in a VM context of its own (Jest's test environment) has globals of its own and cannot see
 * the `__covis` global, but core modules are the process's (jestTransformer.ts).
 */
export const PROBES_KEY = 'coroutine-visualizer.probes';
