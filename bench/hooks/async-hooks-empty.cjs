// The obvious alternative: async_hooks with empty callbacks (what it costs to merely listen).
require('node:async_hooks').createHook({ init() {}, before() {}, after() {}, promiseResolve() {} }).enable();
