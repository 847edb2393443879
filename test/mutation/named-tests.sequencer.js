'use strict';
// Jest's test sequencer for mutation runs. Stryker runs each mutant with the names of the tests
// that covered it (`testNamePattern`) and every test file that imports the mutated file
// (`--findRelatedTests`): for code every app loads, that is nearly every file, each loaded
// (Nest, the SDK, the app under test) only for its tests to be filtered out by name. This
// sequencer keeps the files that hold at least one test of that name, fastest first, by the
// map `test/mutation/run.js` writes before Stryker starts (file -> test names and duration).
// A file the map does not know is kept. Without a name pattern or a map, it is Jest's own.
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const MAP_FILE = process.env.MUTATION_TEST_NAMES;

function loadMap() {
  if (!MAP_FILE || !fs.existsSync(MAP_FILE)) return undefined;
  return JSON.parse(fs.readFileSync(MAP_FILE, 'utf8'));
}

class NamedTestsSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.pattern = options?.globalConfig?.testNamePattern;
    this.map = this.pattern ? loadMap() : undefined;
  }

  sort(tests) {
    if (!this.map) return super.sort(tests);
    // Jest matches the pattern the same way: case-insensitive, against each test's full name.
    const matcher = new RegExp(this.pattern, 'i');
    const entryOf = (test) => this.map[path.relative(test.context.config.rootDir, test.path)];
    const kept = tests.filter((test) => {
      const entry = entryOf(test);
      return entry === undefined || entry.names.some((name) => matcher.test(name));
    });
    return kept.sort((a, b) => (entryOf(a)?.ms ?? 0) - (entryOf(b)?.ms ?? 0));
  }
}

module.exports = NamedTestsSequencer;
