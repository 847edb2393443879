'use strict';
// Starts a bench server script (http/server.js unless told) in its own process and talks to it
// over stdout lines: READY, then on SIGTERM `SPANS <n>` and `CPU <µs>` (CPU time the server
// spent since `markCpu()`, or since start).
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

const HTTP_SERVER = path.join(__dirname, '..', 'http', 'server.js');

async function startServer({ nodeBinary, config, platform, env = {}, nodeArgs = [], script = HTTP_SERVER, readyTimeoutMs = 30_000 }) {
  const port = await freePort();
  const child = spawn(nodeBinary, [...nodeArgs, script, config, ...(platform ? [platform] : [])], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const name = platform ? `${config}/${platform}` : config;
  let out = '';
  const rss = [];
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready in ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      for (const match of String(chunk).matchAll(/^RSS_SAMPLE (\d+)$/gm)) rss.push(Number(match[1]));
      if (out.includes('READY\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited (${code}) before READY`));
    });
  });
  await ready;
  return {
    port,
    pid: child.pid,
    url: `http://127.0.0.1:${port}/users/42`,
    rss,
    /** From now on the server counts its CPU time (user + system). */
    markCpu() {
      child.kill('SIGUSR2');
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
      const spans = /SPANS (\d+)/.exec(out);
      const cpu = /CPU (\d+)/.exec(out);
      return { spans: spans ? Number(spans[1]) : null, cpuMicros: cpu ? Number(cpu[1]) : null };
    },
  };
}

module.exports = { startServer };
