'use strict';
const path = require('node:path');

// What a mutation run changes in jest.config.js (stryker.config.mjs, and the test-name listing
// of run.js, which must see the same tests).
module.exports.mutationJestOverrides = {
  // A mutant that keeps a span or a Promise open hangs its test: fail it after 8 s rather than
  // the suite's 20 s (no test of lib/ needs more unless it says so itself).
  testTimeout: 8000,
  // The sample app's tests run it in child processes (no coverage to map mutants to) and the
  // browser tests drive Chromium: both minutes per mutant, and both covered by lib/'s own tests.
  testPathIgnorePatterns: ['/node_modules/', 'sample-app', 'browser'],
  // Absolute: Stryker loads the environment itself, before Jest would resolve `<rootDir>`.
  testSequencer: path.join(__dirname, 'named-tests.sequencer.js'),
  testEnvironment: path.join(__dirname, 'bail.environment.js'),
};
