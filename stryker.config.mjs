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
  jest: { projectType: 'custom', configFile: 'jest.config.js', enableFindRelatedTests: true },
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
  // 2 cores: one jest process per core.
  concurrency: 2,
  // The e2e tests start real servers; a slow machine must not turn a mutant into a timeout.
  timeoutMS: 20000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
