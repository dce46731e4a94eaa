// The entry: tsc's output (lib/app.js) and its map, as a project runs its build.
require('./lib/app.js');
