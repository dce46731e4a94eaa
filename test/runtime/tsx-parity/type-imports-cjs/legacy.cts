import path = require('node:path');
function describe(file: string): string {
  return path.basename(file);
}
export = describe;
