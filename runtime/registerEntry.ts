/**
 * `--import coroutine-visualizer/register` lands here. Node lexes an imported CommonJS file
 * for its exports; keeping this entry tiny and requiring the shim saves parsing 400 KB twice,
 * and skips it entirely in Node's module-hooks thread (see hooksThread.ts).
 */
import { inHooksThread } from './hooksThread';

if (!inHooksThread()) require('./shim.js');
