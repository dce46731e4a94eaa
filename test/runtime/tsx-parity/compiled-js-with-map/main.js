// The entry: tsc's output (dist/app.js) and its map, as a project runs its build.
require('./dist/app.js');
