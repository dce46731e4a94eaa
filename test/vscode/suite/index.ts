/**
 * Runs the mocha suite inside the extension host. Called by @vscode/test-electron (which
 * imports this module and calls run()) and by the code-server harness extension. Mocha is
 * loaded from the project's node_modules, not bundled; the tests are one bundle evaluated
 * after mocha has put its BDD globals in place. Results go to a JSON file the launcher reads.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export interface SuiteResults {
  passed: number;
  failed: number;
  tests: TestResult[];
}

export async function run(options: { testsBundle?: string; resultsPath?: string; mochaPath?: string } = {}): Promise<void> {
  const testsBundle = options.testsBundle ?? path.join(__dirname, 'tests.js');
  const resultsPath = options.resultsPath ?? process.env.COVIS_SUITE_RESULTS;
  const mochaPath = options.mochaPath ?? process.env.COVIS_MOCHA ?? require.resolve('mocha');
  const { default: Mocha } = (await import(pathToFileURL(mochaPath).href)) as { default: typeof import('mocha') };
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, testsBundle, mocha);
  require(testsBundle);
  const results: SuiteResults = { passed: 0, failed: 0, tests: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      results.passed++;
      results.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.tests.push({ title: test.fullTitle(), state: 'failed', error: String(error?.stack ?? error) });
    });
  });
  if (resultsPath) {
    fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
    fs.writeFileSync(resultsPath, JSON.stringify(results, null, 2));
  }
  if (results.failed > 0) throw new Error(`${results.failed} test(s) failed`);
}
