'use strict';
// `npm run test:mutation -- lib/<folder> [<stryker options>]`: mutates one folder of lib/, with
// its own incremental file (test/mutation/incremental/<folder>.json, committed, so a later run,
// on any clone, re-tests only the mutants whose code or covering tests changed) and its own
// report (reports/mutation/<folder>.html and .json). Before Stryker starts, it writes the map of
// test names per test file that `named-tests.sequencer.js` reads (one Jest run, rewritten when a
// test file changed after it). Without a folder, Stryker runs as configured (all of lib/).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { mutationJestOverrides } = require('./jest-overrides');

const ROOT = path.join(__dirname, '..', '..');
const MAP = path.join(ROOT, 'reports', 'mutation', 'test-names.json');
const JEST_JSON = path.join(ROOT, 'reports', 'mutation', 'jest-results.json');

function newestTestFile() {
  let newest = 0;
  for (const dir of ['lib', 'test']) {
    for (const file of fs.readdirSync(path.join(ROOT, dir), { recursive: true })) {
      if (/\.(e2e-)?spec\.ts$/.test(file)) newest = Math.max(newest, fs.statSync(path.join(ROOT, dir, file)).mtimeMs);
    }
  }
  return newest;
}

function writeMap() {
  fs.mkdirSync(path.dirname(MAP), { recursive: true });
  console.error('test/mutation: listing the tests of each file (one jest run)...');
  const jest = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${JEST_JSON}`, `--testPathIgnorePatterns=${mutationJestOverrides.testPathIgnorePatterns.join('|')}`],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const results = JSON.parse(fs.readFileSync(JEST_JSON, 'utf8'));
  if (jest.status !== 0) throw new Error(`test/mutation: the suite must pass before a mutation run (${results.numFailedTests} failed)`);
  const map = {};
  for (const file of results.testResults) {
    map[path.relative(ROOT, file.name)] = { ms: file.endTime - file.startTime, names: file.assertionResults.map((test) => test.fullName) };
  }
  fs.writeFileSync(MAP, JSON.stringify(map));
}

/** `lib/sampling` → the Stryker options and report name for that folder. */
function folderOptions(args) {
  const folder = args[0]?.replace(/\/+$/, '');
  if (!folder || folder.startsWith('-') || !fs.statSync(path.join(ROOT, folder), { throwIfNoEntry: false })?.isDirectory()) return { args, env: {} };
  const name = path.relative(path.join(ROOT, 'lib'), path.join(ROOT, folder)).replaceAll(path.sep, '-');
  const incremental = path.join('test', 'mutation', 'incremental', `${name}.json`);
  return {
    args: ['--mutate', `${folder}/**/*.ts,!lib/**/*.spec.ts`, '--incrementalFile', incremental, ...args.slice(1)],
    env: { MUTATION_REPORT: name },
  };
}

if (!fs.existsSync(MAP) || fs.statSync(MAP).mtimeMs < newestTestFile()) writeMap();
const { args, env } = folderOptions(process.argv.slice(2));
const stryker = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'stryker'), ['run', ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, ...env, MUTATION_TEST_NAMES: MAP },
});
process.exit(stryker.status ?? 1);
