// The cheaper alternative: v8.promiseHooks with empty callbacks.
require('node:v8').promiseHooks.createHook({ init() {}, before() {}, after() {}, settled() {} });
