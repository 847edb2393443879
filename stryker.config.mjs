// Mutation testing for lib/: `npm run test:mutation` (slow on 2 cores; not run in CI).
// One folder at a time, with its own incremental file:
//   npm run test:mutation -- --mutate 'lib/server/**/*.ts,!lib/**/*.spec.ts' \
//     --incrementalFile reports/stryker-incremental-server.json
// Add --ignoreStatic for a quicker run that skips the mutants in code run while modules load or
// apps boot (decorators applied, servers instrumented): each of those re-runs every related test.
// The survivors that remain, equivalent ones included (a change no user could observe), are
// named with the reason in test/MUTATION.md.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    enableFindRelatedTests: true,
    config: {
      // A mutant that keeps a span or a Promise open hangs its test: fail it after 8 s rather
      // than the suite's 20 s (no test of lib/ needs more unless it says so itself).
      testTimeout: 8000,
      // The sample app's tests run it in child processes (no coverage to map mutants to) and the
      // browser tests drive Chromium: both minutes per mutant, and both covered by lib/'s own tests.
      testPathIgnorePatterns: ['/node_modules/', '/sample-app/', 'sample-app', 'browser'],
    },
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
  // Re-test only the mutants whose code or covering tests changed since the last run. The file is
  // a local cache (git-ignored): see "Mutation testing" in the README for why.
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  // 2 cores: the type checker and one jest process, then two jest processes once every mutant
  // is checked (Stryker hands the checker's share to the test runners).
  concurrency: 2,
  // Added to each mutant's measured test time before it counts as a timeout (detected).
  timeoutMS: 8000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
