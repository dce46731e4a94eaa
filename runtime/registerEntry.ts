/**
 * `--import coroutine-visualizer/register` lands here. Node lexes an imported CommonJS file
 * for its exports; keeping this entry tiny and requiring the shim saves parsing 400 KB twice.
 */
require('./shim.js');
