'use strict';
// A Node 24 binary for the HTTP part, from the `node` npm package, installed on demand into
// bench/.node24 (git-ignored). Never a dependency of the project: its bin would shadow the
// Node that npm scripts run on.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PREFIX = path.join(__dirname, '.node24');
const BINARY = path.join(PREFIX, 'node_modules', 'node', 'bin', 'node');

function versionOf(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/** The path of a working Node 24 binary, or undefined (with the reason logged). */
function node24(log) {
  let version = fs.existsSync(BINARY) ? versionOf(BINARY) : undefined;
  if (!version?.startsWith('v24.')) {
    log('node24: npm install --prefix bench/.node24 node@24');
    try {
      execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', 'node@24'], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (error) {
      log(`node24: install failed (${error.message}); the Node 24 tables are skipped`);
      return undefined;
    }
    version = versionOf(BINARY);
  }
  return version?.startsWith('v24.') ? { binary: BINARY, version } : undefined;
}

module.exports = { node24 };
