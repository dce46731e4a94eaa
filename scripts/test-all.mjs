// The whole test run, in stages; ends with one line "N passed, N failed, N skipped" that CI reads
// (a skipped test is counted apart, never as passed).
// Stages: build, typecheck, lint, node:test suites (unit, runtime, snippets, browser), and the
// VS Code suite (mocha inside a real extension host) when its launcher is present.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const only = process.argv.slice(2);

function stage(name, command, args, { count } = {}) {
  if (only.length && !only.includes(name)) return;
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: count ? ['inherit', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8', maxBuffer: 1 << 28 });
  if (count) {
    process.stdout.write(result.stdout ?? '');
    const got = count(result.stdout ?? '');
    passed += got.passed;
    failed += got.failed;
    skipped += got.skipped ?? 0;
    if (result.status !== 0 && got.failed === 0) failed += 1;
  } else if (result.status === 0) passed += 1;
  else failed += 1;
  process.stdout.write(`=== ${name}: ${result.status === 0 ? 'ok' : `FAILED (exit ${result.status})`}\n`);
}

const nodeTestCounts = (out) => ({
  passed: Number(/^# pass (\d+)/m.exec(out)?.[1] ?? 0),
  failed: Number(/^# fail (\d+)/m.exec(out)?.[1] ?? 0) + Number(/^# cancelled (\d+)/m.exec(out)?.[1] ?? 0),
  skipped: Number(/^# skipped (\d+)/m.exec(out)?.[1] ?? 0) + Number(/^# todo (\d+)/m.exec(out)?.[1] ?? 0),
});

function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    // Programs the suites run (fixtures of their own, with test files of runners under test) are not suites.
    .filter((f) => f.endsWith('.test.ts') && !f.split(/[\\/]/).includes('fixtures'))
    .map((f) => join(dir, f));
}

stage('build', 'node', ['scripts/build.mjs']);
stage('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
stage('lint', 'npx', ['eslint', '.']);
const suites = ['test/unit', 'test/runtime', 'test/snippets', 'test/browser'].flatMap(testFiles);
stage('node-tests', 'node', ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=tap', ...suites], { count: nodeTestCounts });
if (existsSync('test/vscode/run.mjs')) {
  // The VS Code suite installs the packaged .vsix, as a user would: it must work with nothing else.
  if (!process.env.COVIS_TEST_VSIX && (!only.length || only.includes('vscode'))) {
    const vsix = join('.vscode-test', 'coroutine-visualizer-under-test.vsix');
    rmSync(vsix, { force: true });
    if (only.length) only.push('package');
    stage('package', 'node', ['scripts/package-vsix.mjs', vsix]);
    if (existsSync(vsix)) process.env.COVIS_TEST_VSIX = vsix;
  }
  stage('vscode', 'node', ['test/vscode/run.mjs'], {
    count: (out) => {
      const line = [...out.matchAll(/^vscode-suite: (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm)].pop();
      return line ? { passed: Number(line[1]), failed: Number(line[2]), skipped: Number(line[3] ?? 0) } : { passed: 0, failed: 1 };
    },
  });
}

process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed === 0 ? 0 : 1);
