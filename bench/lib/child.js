'use strict';
// Runs a bench script in a child process and returns its last stdout line as JSON.
const { spawn } = require('node:child_process');

function runJson(nodeBinary, args, { env = process.env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(nodeBinary, args, { env, cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()));
      } catch (error) {
        reject(new Error(`${args.join(' ')} printed no JSON: ${out.slice(-500)}`));
      }
    });
  });
}

module.exports = { runJson };
