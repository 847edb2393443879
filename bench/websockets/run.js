'use strict';
// Gateway messages: CPU µs per message (server process, interleaved rounds) and, on a machine
// with valgrind, main-thread instructions per message (callgrind), untraced vs floor vs ours.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { countInstructions, hasValgrind } = require('../instructions/run');
const { startServer } = require('../lib/server-process');
const { markdownTable, median, ratio } = require('../lib/stats');
const { gatewayMessages } = require('./clients');
const { configs } = require('./configs');

const SCRIPT = path.join(__dirname, 'server.js');
const PLATFORMS = ['socket.io', 'ws'];
const CONCURRENCY = 8;

/** CPU µs the server spends per message, over `measured` messages after `warmup`. */
async function cpuPerMessage(platform, config, { warmup, measured }) {
  const server = await startServer({ nodeBinary: process.execPath, config, platform, script: SCRIPT });
  let stopped;
  try {
    await gatewayMessages(server.port, warmup, CONCURRENCY, platform);
    server.markCpu();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await gatewayMessages(server.port, measured, CONCURRENCY, platform);
  } finally {
    stopped = await server.stop();
  }
  return { cpu: stopped.cpuMicros / measured, spans: stopped.spans === null ? '-' : (stopped.spans / (warmup + measured)).toFixed(2) };
}

async function runWebsockets({ quick, log }) {
  const rounds = quick ? 1 : Number(process.env.BENCH_WS_ROUNDS ?? 3);
  const counts = quick ? { warmup: 200, measured: 500 } : { warmup: 3000, measured: 10000 };
  const cpu = {};
  const spans = {};
  for (let round = 0; round < rounds; round++) {
    for (const platform of PLATFORMS) {
      for (const config of configs) {
        const result = await cpuPerMessage(platform, config.name, counts);
        (cpu[`${platform}/${config.name}`] ??= []).push(result.cpu);
        spans[`${platform}/${config.name}`] = result.spans;
        log(`websockets ${platform} ${config.name} round ${round + 1}: ${result.cpu.toFixed(1)} µs CPU/message`);
      }
    }
  }
  const instructions = {};
  if (!quick && hasValgrind() && process.env.BENCH_WS_INSTRUCTIONS !== '0') {
    const instrCounts = { warmup: Number(process.env.BENCH_INSTR_WARMUP ?? 3000), measured: Number(process.env.BENCH_INSTR_REQUESTS ?? 1500) };
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-callgrind-'));
    try {
      // Two servers at a time (valgrind runs a process on one core).
      for (const platform of PLATFORMS) {
        for (const pair of [configs.slice(0, 2), configs.slice(2)]) {
          const results = await Promise.all(pair.map((config) => countInstructions({ kind: 'ws', platform, config: config.name }, instrCounts, directory, log)));
          for (const result of results) instructions[`${platform}/${result.config}`] = result.instructions;
        }
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }
  const rows = PLATFORMS.flatMap((platform) => {
    const cpuOf = (name) => median(cpu[`${platform}/${name}`]);
    const instrOf = (name) => instructions[`${platform}/${name}`];
    return configs.map((config) => [
      platform,
      config.label,
      cpuOf(config.name).toFixed(1),
      ratio(cpuOf('untraced'), cpuOf(config.name)),
      instrOf(config.name) === undefined ? '-' : (instrOf(config.name) / 1000).toFixed(1),
      instrOf(config.name) === undefined ? '-' : ratio(instrOf('untraced'), instrOf(config.name)),
      spans[`${platform}/${config.name}`],
    ]);
  });
  const markdown =
    `### WebSocket gateway messages (\`@SubscribeMessage\`, server side), Node ${process.version}\n\n` +
    `${CONCURRENCY} connections, each sending its next message when the reply arrives; CPU µs/message is the server's user + system CPU over ` +
    `${counts.measured} messages after ${counts.warmup} of warm-up, median of ${rounds} interleaved round(s); instructions as in the instructions part. ` +
    'x untraced is speed-like (untraced / config).\n\n' +
    markdownTable(['platform', 'config', 'CPU µs/message', 'x untraced', 'k instructions/message', 'x untraced (instr.)', 'spans/message'], rows);
  return { markdown };
}

module.exports = { runWebsockets };
