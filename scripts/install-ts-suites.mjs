// Installs published TypeScript projects whose own test suites test/runtime/typescript-suites.test.ts
// runs under the shim, each unpacked from its npm tarball as a checkout would be (its sources,
// its TypeScript tests and its tsconfig.json in <dir>/package, its test dependencies in
// <dir>/node_modules), into .vscode-test/ts-suites (gitignored). Idempotent: when the pinned
// versions are already there it returns at once. Needs the npm registry only on the first run.
//   node scripts/install-ts-suites.mjs          prints the install directory
//
// - bullmq 1.20.0 (a Redis job queue; CommonJS TypeScript, async throughout): mocha suite in
//   src/test/*.ts, imports through tsconfig `paths` (@src/*), sinon fake timers in test_repeat.ts;
//   `import * as IORedis` constructed without esModuleInterop. Its own runner: ts-mocha --paths
//   (ts-node with tsconfig-paths). Needs a Redis server (Debian's redis-server).
// - tsnode-di 0.0.3 (dependency injection by decorators): mocha suite src/di.spec.ts with
//   experimentalDecorators and emitDecoratorMetadata. Its own runner: mocha with ts-node.
// - @neshca/cache-handler 1.5.1 (Next.js cache handlers; an ES module package): node:test suite
//   src/**/*.test.ts with top-level awaits, a tsconfig whose `extends` is not published. Its own
//   runner: tsx --test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TS_SUITES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '.vscode-test', 'ts-suites');

const RUNNER = { mocha: '10.8.2', 'ts-node': '10.9.2' };
export const SUITES = {
  bullmq: {
    version: '1.20.0',
    dependencies: { ...RUNNER, chai: '4.5.0', sinon: '7.5.0', 'p-reflect': '2.1.0', ioredis: '4.31.0', 'cron-parser': '2.18.0', 'get-port': '5.1.1', lodash: '4.18.1', semver: '6.3.2', tslib: '1.14.1', uuid: '8.3.2', typescript: '4.9.5', 'tsconfig-paths': '4.2.0' },
  },
  'tsnode-di': {
    version: '0.0.3',
    dependencies: { ...RUNNER, chai: '4.5.0', 'reflect-metadata': '0.1.14', typescript: '5.9.3' },
  },
  '@neshca/cache-handler': {
    version: '1.5.1',
    dependencies: { tsx: '4.23.15' },
  },
  // No project: the two most used TypeScript test runners, for test/runtime/test-runners.test.ts.
  runners: {
    dependencies: { vitest: '4.1.12', jest: '30.5.2', 'ts-jest': '29.4.15', typescript: '5.9.3' },
  },
};

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args, cwd) {
  const result = spawnSync(npm, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], timeout: 300_000, shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${result.status ?? result.signal ?? result.error?.message})`);
}

function installOne(name, { version, dependencies }) {
  const dir = join(TS_SUITES_DIR, name.replace(/^@/, '').replace('/', '-'));
  const stamp = join(dir, 'installed.json');
  const wanted = JSON.stringify({ version, dependencies });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && (!version || existsSync(join(dir, 'package', 'package.json')))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (version) {
    // The project as its tarball has it (sources and tests), unpacked, not installed as a dependency.
    run(['pack', `${name}@${version}`, '--silent'], dir);
    const tarball = `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
    const untar = spawnSync('tar', ['xzf', tarball], { cwd: dir, stdio: 'inherit' });
    if (untar.status !== 0) throw new Error(`tar xzf ${tarball} failed`);
    rmSync(join(dir, tarball));
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, description: version ? `test dependencies of ${name}@${version}` : name }));
  run(['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', ...Object.entries(dependencies).map(([dep, v]) => `${dep}@${v}`)], dir);
  writeFileSync(stamp, wanted);
  return dir;
}

export function installTypeScriptSuites() {
  for (const [name, suite] of Object.entries(SUITES)) installOne(name, suite);
  return TS_SUITES_DIR;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.stdout.write(`${installTypeScriptSuites()}\n`);
  } catch (error) {
    process.stderr.write(`install-ts-suites: ${error.message}\n`);
    process.exit(1);
  }
}
