// `covis check` on real programs: one program per finding, each found at its line with the
// program's output unchanged; programs without the problem (and every example) produce only
// the findings they are about; reports as JSON and SARIF 2.1.0; a saved trace; settings; bad input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Finding } from '../../protocol/findings';
import { CLI, ROOT, runNode, tempDir } from './helpers';

const FIXTURES = path.join(ROOT, 'test/runtime/fixtures/findings');
const work = tempDir('covis-check-');

interface Checked {
  findings: Finding[];
  run: { code?: number | null; timedOut?: boolean };
  code: number | null;
  stdout: string;
  stderr: string;
}

function check(target: string, flags: string[] = [], options: { cwd?: string; args?: string[] } = {}): Checked {
  const report = path.join(work, `${path.basename(target)}-${Math.random().toString(36).slice(2)}.json`);
  const result = runNode([CLI, 'check', '-f', 'json', '-o', report, ...flags, '--', target, ...(options.args ?? [])], { cwd: options.cwd, timeout: 60_000 });
  const parsed = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as Pick<Checked, 'findings' | 'run'>) : { findings: [], run: {} };
  return { ...parsed, code: result.code, stdout: result.stdout, stderr: result.stderr };
}

const fixture = (name: string): string => path.join(FIXTURES, name);

function plainStdout(file: string): string {
  return runNode([file], { timeout: 30_000 }).stdout;
}

function summary(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${path.basename(f.file)}:${f.line}`);
}

test('loop blocked: the task, the await it resumed at, how long, and who waited behind it', () => {
  const checked = check(fixture('loop-blocked.mjs'));
  assert.equal(checked.stdout, plainStdout(fixture('loop-blocked.mjs')));
  assert.equal(checked.code, 1, checked.stderr);
  assert.deepEqual(summary(checked.findings), ['covis/loop-blocked loop-blocked.mjs:9']);
  const [finding] = checked.findings;
  assert.ok(finding.ruleId === 'covis/loop-blocked');
  assert.equal(finding.data.task.name, 'crunch');
  assert.ok(finding.data.maxMs >= 140 && finding.data.maxMs < 1000, `held for ${finding.data.maxMs} ms`);
  assert.equal(finding.data.exact, true, 'covis check records exact slice starts');
  assert.equal(finding.data.until.kind, 'return');
  const behind = [...finding.data.keptReady.map((k) => k.task.name), ...finding.data.ranNext.map((t) => t.name)];
  assert.ok(behind.includes('heartbeat'), `heartbeat should have waited behind it: ${finding.message}`);
  // Above the threshold, nothing.
  assert.deepEqual(check(fixture('loop-blocked.mjs'), ['--block-ms', '400']).findings, []);
});

test('nobody waited: forEach(async …) and a dropped call that fails, each at its call', () => {
  const checked = check(fixture('floating-task.mjs'));
  assert.equal(checked.stdout, plainStdout(fixture('floating-task.mjs')));
  assert.equal(checked.code, 1);
  assert.deepEqual(summary(checked.findings), ['covis/floating-task floating-task.mjs:16', 'covis/floating-task floating-task.mjs:19']);
  const [forEach, audit] = checked.findings;
  assert.ok(forEach.ruleId === 'covis/floating-task' && audit.ruleId === 'covis/floating-task');
  assert.equal(forEach.data.dropped, 'callback');
  assert.equal(forEach.data.count, 3);
  assert.equal(forEach.data.creator?.name, 'handle');
  assert.equal(forEach.severity, 'warning');
  assert.equal(audit.data.dropped, 'statement');
  assert.equal(audit.data.failed, 1);
  assert.match(audit.data.error ?? '', /audit log unavailable/);
  assert.equal(audit.severity, 'error');
});

test('independent sequential awaits: both lines, and the time running them together would have saved', () => {
  const checked = check(fixture('sequential-awaits.mjs'));
  assert.equal(checked.stdout, plainStdout(fixture('sequential-awaits.mjs')));
  assert.deepEqual(summary(checked.findings), ['covis/sequential-awaits sequential-awaits.mjs:15']);
  const [finding] = checked.findings;
  assert.ok(finding.ruleId === 'covis/sequential-awaits');
  assert.equal(finding.data.second.at.line, 16);
  assert.equal(finding.data.first.text, 'fetchUser(id)');
  assert.equal(finding.data.second.text, 'fetchOrders(id)');
  // The shorter of the two waits (40 ms and 60 ms timers inside the calls).
  assert.ok(finding.data.savedMs >= 35 && finding.data.savedMs < 200, `saved ${finding.data.savedMs} ms`);
  assert.equal(finding.severity, 'note');
});

test('TypeScript: the finding is at the lines and columns as written, types and all', () => {
  const checked = check(fixture('typed.ts'));
  assert.deepEqual(summary(checked.findings), ['covis/sequential-awaits typed.ts:26']);
  const [finding] = checked.findings;
  assert.ok(finding.ruleId === 'covis/sequential-awaits');
  // `const user: User = await loadUser(id);`: the await is at column 22 of the .ts file.
  assert.deepEqual([finding.line, finding.column, finding.data.second.at.line, finding.data.second.at.column], [26, 22, 27, 31]);
});

test('still waiting at exit: the innermost wait and the chain of tasks waiting on it', () => {
  const checked = check(fixture('waiting-at-exit.mjs'));
  assert.equal(checked.stdout, plainStdout(fixture('waiting-at-exit.mjs')));
  assert.deepEqual(summary(checked.findings), ['covis/waiting-at-exit waiting-at-exit.mjs:7']);
  const [finding] = checked.findings;
  assert.ok(finding.ruleId === 'covis/waiting-at-exit');
  assert.equal(finding.data.waiting.task.name, 'acquire');
  assert.equal(finding.data.on, 'promise');
  assert.equal(finding.data.end, 'exit');
  assert.deepEqual(finding.data.chain.map((link) => [link.task.name, link.at?.line]), [['worker', 14]]);
});

test('await cycle: two tasks awaiting each other, drawn as a cycle', () => {
  const checked = check(fixture('await-cycle.mjs'));
  assert.equal(checked.stdout, plainStdout(fixture('await-cycle.mjs')));
  assert.deepEqual(summary(checked.findings), ['covis/await-cycle await-cycle.mjs:7']);
  const [finding] = checked.findings;
  assert.ok(finding.ruleId === 'covis/await-cycle');
  assert.deepEqual(finding.data.cycle.map((link) => `${link.task.name}:${link.at?.line}`), ['left:7', 'right:12']);
  assert.equal(finding.severity, 'error');
});

test('--timeout: a program that does not end is stopped, and every wait of that moment is reported', () => {
  const started = Date.now();
  const checked = check(fixture('endless.mjs'), ['--timeout', '1500ms']);
  assert.ok(Date.now() - started < 20_000, 'the program was stopped');
  assert.equal(checked.stdout, 'serving\n');
  assert.equal(checked.run.timedOut, true);
  assert.deepEqual(summary(checked.findings), ['covis/waiting-at-exit endless.mjs:8']);
  const [finding] = checked.findings;
  assert.ok(finding.ruleId === 'covis/waiting-at-exit');
  assert.equal(finding.data.end, 'stopped');
  assert.equal(finding.data.waiting.task.name, 'waitForShutdown');
  assert.deepEqual(finding.data.chain.map((link) => link.task.name), ['serve']);
  assert.ok(finding.data.waitedMs > 700, `waited ${finding.data.waitedMs} ms of the 1.5 s`);
});

test('a program without these problems has no findings and keeps its exit code', () => {
  const checked = check(fixture('clean.mjs'));
  assert.deepEqual(checked.findings, []);
  assert.equal(checked.code, 0);
  assert.equal(checked.stdout, plainStdout(fixture('clean.mjs')));
});

/**
 * Every example, and the findings it is meant to show: the examples teach these patterns on
 * purpose (sequential awaits against concurrent ones, CPU work on the loop against a worker).
 * Any other finding is a false positive.
 */
const EXAMPLES: Record<string, string[]> = {
  'coroutines-vs-threads.ts': ['covis/loop-blocked coroutines-vs-threads.ts:22'],
  'error-handling.ts': [],
  'generator-coroutine.ts': [],
  'producer-consumer.ts': [],
  'race.ts': [],
  // Two connections opened, used and closed one after the other: independent, as the rule says.
  'resource-management.ts': ['covis/sequential-awaits resource-management.ts:48'],
  'say-after.ts': [],
  'semaphore.ts': [],
  'sequential-vs-concurrent.ts': ['covis/sequential-awaits sequential-vs-concurrent.ts:18'],
  'timeout-cancel.ts': [],
};

test('every example: the findings it teaches, and no other', () => {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'));
  assert.deepEqual(examples.sort(), Object.keys(EXAMPLES).sort(), 'a new example needs its expected findings here');
  for (const [example, expected] of Object.entries(EXAMPLES)) {
    const checked = check(path.join(ROOT, 'examples', example), [], { cwd: path.join(ROOT, 'examples') });
    assert.deepEqual(summary(checked.findings), expected, `${example}:\n${checked.findings.map((f) => f.message).join('\n')}`);
    assert.equal(checked.code, expected.length ? 1 : 0, `${example}: exit ${checked.code}\n${checked.stderr.slice(-1000)}`);
  }
});

test('SARIF 2.1.0: the rules, each result at its file and line relative to the source root, related places', () => {
  const out = path.join(work, 'report.sarif');
  const result = runNode([CLI, 'check', '-f', 'sarif', '-o', out, '--', 'test/runtime/fixtures/findings/waiting-at-exit.mjs'], { cwd: ROOT });
  assert.equal(result.code, 1);
  const sarif = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const [run] = sarif.runs;
  const rules = run.tool.driver.rules.map((r: { id: string }) => r.id);
  assert.deepEqual(rules, ['covis/loop-blocked', 'covis/floating-task', 'covis/sequential-awaits', 'covis/waiting-at-exit', 'covis/await-cycle']);
  assert.equal(run.originalUriBaseIds.SRCROOT.uri, `file://${ROOT}/`);
  assert.equal(run.results.length, 1);
  const [finding] = run.results;
  assert.equal(finding.ruleId, 'covis/waiting-at-exit');
  assert.equal(rules[finding.ruleIndex], finding.ruleId);
  assert.equal(finding.level, 'warning');
  assert.deepEqual(finding.locations[0].physicalLocation, {
    artifactLocation: { uri: 'test/runtime/fixtures/findings/waiting-at-exit.mjs', uriBaseId: 'SRCROOT' },
    region: { startLine: 7, startColumn: 3 },
  });
  assert.equal(finding.relatedLocations[0].physicalLocation.region.startLine, 14);
  assert.ok(finding.partialFingerprints['covisFinding/v1']);
});

test('a saved trace is checked as it is; text goes to stderr, the program output alone to stdout', () => {
  const trace = path.join(work, 'saved.covis');
  const recorded = runNode([CLI, 'check', '--trace', trace, '--', fixture('await-cycle.mjs')]);
  assert.equal(recorded.stdout, plainStdout(fixture('await-cycle.mjs')));
  assert.match(recorded.stderr, /await-cycle\.mjs:7:10 {2}error {2}covis\/await-cycle\n {2}Tasks await each other in a cycle: left \(line 7\) awaits right, right \(line 12\) awaits left/);
  const again = check(trace);
  assert.deepEqual(summary(again.findings), ['covis/await-cycle await-cycle.mjs:7']);
  assert.equal(again.code, 1);
});

test('settings: rules off and severities from covis.config.json, --rules, --disable, --fail-on', () => {
  const dir = tempDir('covis-check-config-');
  fs.copyFileSync(fixture('floating-task.mjs'), path.join(dir, 'app.mjs'));
  const app = path.join(dir, 'app.mjs');
  fs.writeFileSync(path.join(dir, 'covis.config.json'), JSON.stringify({ check: { rules: { 'floating-task': 'note' }, failOn: 'warning' } }));
  const configured = check(app, [], { cwd: dir });
  assert.deepEqual(configured.findings.map((f) => f.severity), ['note', 'note']);
  assert.equal(configured.code, 0, 'notes only, failOn warning');
  fs.writeFileSync(path.join(dir, 'covis.config.json'), JSON.stringify({ check: { rules: { 'covis/floating-task': 'off' } } }));
  assert.deepEqual(check(app, [], { cwd: dir }).findings, []);
  assert.deepEqual(summary(check(fixture('loop-blocked.mjs'), ['--rules', 'await-cycle']).findings), []);
  assert.deepEqual(summary(check(fixture('floating-task.mjs'), ['--disable', 'covis/floating-task']).findings), []);
  assert.equal(check(fixture('sequential-awaits.mjs'), ['--fail-on', 'warning']).code, 0);
});

test('comments that say a finding is deliberate: covis-ignore, and the linters\' no-floating-promises', () => {
  const dir = tempDir('covis-check-ignore-');
  const source = fs.readFileSync(fixture('floating-task.mjs'), 'utf8');
  const ignored = source
    .replace('  items.forEach(async (item) => {', '  // covis-ignore-next-line floating-task\n  items.forEach(async (item) => {')
    .replace('  audit();', '  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n  audit();');
  assert.notEqual(ignored, source);
  fs.writeFileSync(path.join(dir, 'app.mjs'), ignored);
  assert.deepEqual(check(path.join(dir, 'app.mjs'), [], { cwd: dir }).findings, []);
  // Another rule named: the floating task is still reported.
  fs.writeFileSync(path.join(dir, 'other.mjs'), source.replace('  audit();', '  audit(); // covis-ignore loop-blocked'));
  assert.deepEqual(summary(check(path.join(dir, 'other.mjs'), [], { cwd: dir }).findings), ['covis/floating-task other.mjs:16', 'covis/floating-task other.mjs:19']);
});

test('bad input: an unknown rule, a corrupt trace, a bad config, a program with a syntax error', () => {
  const unknown = runNode([CLI, 'check', '--rules', 'no-such-rule', '--', fixture('clean.mjs')]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /covis: --rules: no rule no-such-rule \(rules: covis\/loop-blocked,/);
  const corrupt = path.join(work, 'corrupt.covis');
  fs.writeFileSync(corrupt, 'not a trace at all');
  const read = runNode([CLI, 'check', corrupt]);
  assert.equal(read.code, 2);
  assert.match(read.stderr, /corrupt\.covis is not a readable trace/);
  const dir = tempDir('covis-check-bad-');
  fs.writeFileSync(path.join(dir, 'covis.config.json'), '{ "check": ');
  const config = runNode([CLI, 'check', '--', fixture('clean.mjs')], { cwd: dir });
  assert.equal(config.code, 2);
  assert.match(config.stderr, /cannot read the configuration covis\.config\.json/);
  const programDir = tempDir('covis-check-syntax-');
  fs.writeFileSync(path.join(programDir, 'broken.mjs'), 'const x = ;\n');
  const before = fs.readFileSync(path.join(programDir, 'broken.mjs'), 'utf8');
  const broken = runNode([CLI, 'check', '--', path.join(programDir, 'broken.mjs')], { cwd: programDir });
  assert.equal(broken.code, 1, 'the program failed: its exit code');
  assert.match(broken.stderr, /SyntaxError/);
  assert.equal(fs.readFileSync(path.join(programDir, 'broken.mjs'), 'utf8'), before, 'nothing the user wrote is modified');
});
