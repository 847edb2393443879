'use strict';
// Jest's Node environment, plus bail for mutation runs: once a test of the mutant being run
// fails, the mutant is detected, so the tests still to run (in this file and the next ones) are
// skipped, and with them the `beforeAll` hooks that boot their apps. Stryker's jest runner turns
// Jest's own `bail` off. Outside a mutant run (no `__STRYKER_ACTIVE_MUTANT__`), it is Jest's.
const { TestEnvironment } = require('jest-environment-node');

// On `process`, the one object every test file of a Jest run in one worker shares.
const FAILED_MUTANT = Symbol.for('nestjs-tracing.mutation.failed-mutant');

function skipEveryTest(describeBlock) {
  for (const child of describeBlock.children) {
    if (child.type === 'describeBlock') skipEveryTest(child);
    else child.mode = 'skip';
  }
}

class BailEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    const mutant = process.env.__STRYKER_ACTIVE_MUTANT__;
    if (mutant === undefined) return;
    if (event.name === 'test_fn_failure' || event.name === 'hook_failure') process[FAILED_MUTANT] = mutant;
    if (process[FAILED_MUTANT] !== mutant) return;
    if (event.name === 'run_describe_start') skipEveryTest(event.describeBlock);
    else if (event.name === 'test_start') event.test.mode = 'skip';
  }
}

module.exports = BailEnvironment;
