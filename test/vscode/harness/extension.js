// Test-only extension copied next to the real one by test/vscode/run.mjs. On startup it runs
// the bundled mocha suite once (a reloaded window must not run it again) and writes the
// results JSON the launcher waits for. config.json is written by the launcher.
/* global exports */
const fs = require('node:fs');
const path = require('node:path');

exports.activate = function activate() {
  const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
  const marker = `${config.resultsPath}.started`;
  if (fs.existsSync(marker)) return;
  fs.writeFileSync(marker, String(Date.now()));
  const write = (results) => fs.writeFileSync(config.resultsPath, JSON.stringify(results, null, 2));
  // Give the workbench a moment to restore editors before tests start opening their own.
  setTimeout(() => {
    const { run } = require(config.indexPath);
    run({ testsBundle: config.testsPath, resultsPath: config.resultsPath, mochaPath: config.mochaPath }).catch((error) => {
      if (!fs.existsSync(config.resultsPath)) write({ passed: 0, failed: 1, tests: [{ title: 'suite could not run', state: 'failed', error: String(error && error.stack ? error.stack : error) }] });
    });
  }, 1000);
};

exports.deactivate = function deactivate() {};
