// ES-module syntax in a CommonJS-scoped .ts file: compiled to CommonJS; import.meta still answers.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

async function main(): Promise<void> {
  const self = await readFile(new URL(import.meta.url), 'utf8');
  console.log(path.basename(import.meta.filename), self.split('\n').length > 3, typeof __dirname);
}

main();
