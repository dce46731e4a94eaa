// Start-up and per-file transform cost of the shim against tsx, on the same TypeScript files.
// A generated project of N modules (an interface, an enum, a class with parameter properties and
// an async function each; main imports them all and awaits each once), in two module formats:
// ES modules ("type": "module") and CommonJS (no "type": tsx and the shim compile the imports
// to require()). Each variant is one `node` process, timed from spawn to exit:
//   tsx           node --import tsx main.ts             (tsx's loader, without its CLI's extra process)
//   shim          node --require dist/register.js main.ts  (TypeScript support, not recording)
//   shim recording  the same with COVIS_TRACE            (what covis record runs)
// each with its transform cache warm (the usual case from the second run on: both keep one on
// disk) and cold (TSX_DISABLE_CACHE=1, COVIS_TRANSFORM_CACHE=0: every file compiled again).
// Paired rounds (bench/paired.mjs) against tsx with a warm cache; per-file cost is the
// difference between the N-module and the 1-module project, over N - 1.
// Usage: node bench/startup.mjs [--runs 11] [--modules 100] [--node /path/to/node]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, paired, roundOrder } from './paired.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '11' }, modules: { type: 'string', default: '100' }, node: { type: 'string' } } });
const runs = Number(values.runs);
const modules = Number(values.modules);
const node = values.node ? resolve(values.node) : process.execPath;
const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
const register = join(root, 'dist', 'register.js');
const tsxLoader = join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
const scratch = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'covis-startup-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

function moduleSource(i) {
  return `export interface Item${i} { id: number; label: string }
export enum Kind${i} { Small = ${i}, Large = ${i} * 10 }
export class Store${i} {
  private readonly items: Item${i}[] = [];
  constructor(private readonly name: string, public limit: number = Kind${i}.Large) {}
  add(item: Item${i}): this {
    if (this.items.length < this.limit) this.items.push(item);
    return this;
  }
}
export async function load${i}(id: number): Promise<Item${i}> {
  const store = new Store${i}('store${i}').add({ id, label: 'x' });
  await Promise.resolve(store);
  return { id, label: \`item \${id}\` };
}
`;
}

/** A project of `count` modules in `format` ('esm' | 'cjs'); returns its entry file. */
function project(format, count) {
  const dir = join(scratch, `${format}-${count}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(format === 'esm' ? { type: 'module' } : {}));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: format === 'esm' ? 'NodeNext' : 'commonjs', strict: true } }));
  const ext = format === 'esm' ? '.js' : '';
  const lines = [];
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, `m${i}.ts`), moduleSource(i));
    lines.push(`import { load${i}, Item${i} } from './m${i}${ext}';`);
  }
  lines.push('async function main(): Promise<void> {', '  let total = 0;');
  for (let i = 0; i < count; i++) lines.push(`  const item${i}: Item${i} = await load${i}(${i});`, `  total += item${i}.id;`);
  lines.push('  console.log(total);', '}', 'main();');
  writeFileSync(join(dir, 'main.ts'), `${lines.join('\n')}\n`);
  return join(dir, 'main.ts');
}

const variants = {
  'tsx, warm': () => ({ args: ['--import', tsxLoader] }),
  'tsx, cold': () => ({ args: ['--import', tsxLoader], env: { TSX_DISABLE_CACHE: '1' } }),
  'shim, warm': () => ({ args: ['--require', register] }),
  'shim, cold': () => ({ args: ['--require', register], env: { COVIS_TRANSFORM_CACHE: '0' } }),
  'shim recording, warm': (trace) => ({ args: ['--require', register], env: { COVIS_TRACE: trace } }),
};
const names = Object.keys(variants);

function timeOnce(entry, variant) {
  const { args, env } = variants[variant](join(scratch, 'trace.covis'));
  const start = process.hrtime.bigint();
  const result = spawnSync(node, [...args, entry], { cwd: dirname(entry), env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${variant} on ${entry} failed: ${result.stderr}`);
  return ms;
}

const results = {};
for (const format of ['esm', 'cjs']) {
  for (const count of [1, modules]) {
    const entry = project(format, count);
    // Fill both caches once, so the warm variants start warm.
    timeOnce(entry, 'tsx, warm');
    timeOnce(entry, 'shim, warm');
    const times = Object.fromEntries(names.map((v) => [v, []]));
    for (let i = 0; i < runs; i++) for (const variant of roundOrder(names, i)) times[variant].push(timeOnce(entry, variant));
    results[`${format}-${count}`] = times;
    process.stderr.write(`${format}, ${count} modules: ${names.map((v) => `${v} ${median(times[v]).toFixed(0)} ms`).join(', ')}\n`);
  }
}

const base = 'tsx, warm';
const rows = [];
for (const format of ['esm', 'cjs']) {
  const one = results[`${format}-1`];
  const many = results[`${format}-${modules}`];
  for (const variant of names) {
    const perFile = (median(many[variant]) - median(one[variant])) / (modules - 1);
    rows.push(`| ${format === 'esm' ? 'ES modules' : 'CommonJS'} | ${variant} | ${median(one[variant]).toFixed(0)} ms | ${paired(one[variant], one[base], (t, b) => t / b).toFixed(2)}x | ${median(many[variant]).toFixed(0)} ms | ${paired(many[variant], many[base], (t, b) => t / b).toFixed(2)}x | ${perFile.toFixed(2)} ms |`);
  }
}
const lines = [
  `Node ${nodeVersion}, ${runs} rounds (each variant once a round, the order reversed every other round); a ratio is the median over rounds of the variant's process time over tsx's (warm cache) in the same round.`,
  `Projects of 1 and ${modules} TypeScript modules (bench/startup.mjs); per file: (time with ${modules} modules − time with 1) / ${modules - 1}.`,
  '',
  `| format | variant | 1 module | vs tsx | ${modules} modules | vs tsx | per file |`,
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
];
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', `startup-node${nodeVersion.slice(1).split('.')[0]}.md`), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
