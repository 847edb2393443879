// Mutation testing for lib/ (StrykerJS; slow on 2 cores, not run in CI), one folder at a time:
//   npm run test:mutation -- lib/server [--ignoreStatic]
// test/mutation/run.js gives each folder its own incremental file and report, and writes the map
// of test names that the sequencer below needs. --ignoreStatic skips the mutants in code run while
// modules load or apps boot, each of which re-runs every related test. The survivors that remain,
// equivalent ones included (a change no user could observe), are named with the reason in
// test/mutation/README.md.

import jestOverrides from './test/mutation/jest-overrides.js';

const { mutationJestOverrides } = jestOverrides;
// Set by test/mutation/run.js to the folder under test, so runs of two folders keep both reports.
const report = process.env.MUTATION_REPORT ?? 'mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    // Shorter test timeout, no sample-app or browser tests, the named-tests sequencer.
    config: mutationJestOverrides,
  },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  mutate: [
    'lib/**/*.ts',
    '!lib/**/*.spec.ts',
    // Re-exports and type-only files: nothing to mutate that a test could observe.
    '!lib/index.ts',
    '!lib/testing/index.ts',
  ],
  // Each mutant runs only the tests that executed its code during the first (dry) run.
  coverageAnalysis: 'perTest',
  // Re-test only the mutants whose code or covering tests changed since the last run (run.js
  // names a committed file per folder).
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // 2 cores: the type checker and one jest process, then two jest processes once every mutant
  // is checked (Stryker hands the checker's share to the test runners).
  concurrency: 2,
  // Added to each mutant's measured test time before it counts as a timeout (detected).
  timeoutMS: 8000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  tempDirName: `.stryker-tmp/${report}`,
  // Another folder's run may have its sandbox there: never copy one sandbox into the next.
  ignorePatterns: ['/.stryker-tmp'],
  cleanTempDir: 'always',
};
