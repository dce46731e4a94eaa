// Plain CommonJS requiring a TypeScript CommonJS module.
const { load } = require('./23-commonjs.cts');
(async () => { console.log('required', await load('from cjs')); })();
