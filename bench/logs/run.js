'use strict';
// Log correlation's cost in instructions (callgrind, see instructions/run.js): a traced request
// that writes one log line, the line with and without trace ids, on Express. What the ids add
// is read against what the logger itself adds to a traced request without a line (`ours`).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { countInstructions } = require('../instructions/run');
const { markdownTable } = require('../lib/stats');
const { logConfigs } = require('./configs');

const PAIRS = [
  ['nest', 'ours-log-nest-plain', 'ours-log-nest'],
  ['pino', 'ours-log-pino-plain', 'ours-log-pino'],
];

/** `parallel`: servers measured at once (1 by default: a busy machine resets keep-alive sockets). */
async function runLogs({ quick, log, parallel = 1 }) {
  if (quick) return { markdown: '' };
  const counts = { warmup: Number(process.env.BENCH_INSTR_WARMUP ?? 6000), measured: Number(process.env.BENCH_INSTR_REQUESTS ?? 1500) };
  const names = ['ours', ...logConfigs.map((config) => config.name)];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-logs-'));
  const results = {};
  try {
    for (let i = 0; i < names.length; i += parallel) {
      const batch = names.slice(i, i + parallel).map((config) => countInstructions({ kind: 'http', platform: 'express', config }, counts, directory, log));
      for (const result of await Promise.all(batch)) results[result.config] = result.instructions;
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  const k = (count) => (count / 1000).toFixed(1);
  const rows = PAIRS.map(([logger, plain, correlated]) => [
    logger,
    k(results.ours),
    k(results[plain]),
    k(results[correlated]),
    `+${k(results[plain] - results.ours)}`,
    `${results[correlated] >= results[plain] ? '+' : ''}${k(results[correlated] - results[plain])}`,
  ]);
  const markdown =
    `### Log correlation (callgrind), Express, Node ${process.version}\n\n` +
    `Main-thread k instructions per traced request (AlwaysOn) over ${counts.measured} requests after ${counts.warmup} of warm-up; ` +
    'the line is written inside the @Traced method\n\n' +
    markdownTable(['logger', 'no line', 'one line, no ids', 'one line with ids', 'the line adds', 'the ids add'], rows);
  return { markdown };
}

module.exports = { runLogs };
