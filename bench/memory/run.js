'use strict';
// Memory part: our module with the OTLP exporter pointed at a port nothing listens on, under
// steady load; RSS sampled every second. Exporting fails on every batch: requests must not,
// and RSS must stay flat once warm (the batch queue drops spans when full).
const autocannon = require('autocannon');
const net = require('node:net');
const { startServer } = require('../lib/server-process');
const { markdownTable, median } = require('../lib/stats');

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);

/** A port that was free a moment ago and that nothing listens on now. */
function closedPort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function runMemory({ quick, nodeBinary, nodeVersion, log }) {
  const seconds = quick ? 6 : Number(process.env.BENCH_MEMORY_SECONDS ?? 120);
  const env = { BENCH_RSS_SAMPLES: '1', BENCH_CLOSED_PORT: String(await closedPort()) };
  const server = await startServer({ nodeBinary, config: 'ours-exporter-down', platform: 'express', env });
  log(`memory: ${seconds} s of load, exporter down`);
  const result = await autocannon({ url: server.url, connections: 20, duration: seconds });
  const samples = [...server.rss];
  await server.stop();
  const failed = result.non2xx + result.errors + result.timeouts;
  // Warm-up: the first fifth of the run (JIT, caches, the batch queue filling to its cap).
  const warm = samples.slice(Math.floor(samples.length / 5));
  const firstWarm = warm.slice(0, Math.max(1, Math.floor(warm.length / 4)));
  const lastWarm = warm.slice(-Math.max(1, Math.floor(warm.length / 4)));
  const growth = median(lastWarm) - median(firstWarm);
  const row = [
    `${seconds} s, 20 connections`,
    result.requests.total,
    failed,
    result.requests.average.toFixed(0),
    mb(samples[0] ?? 0),
    mb(median(firstWarm)),
    mb(median(lastWarm)),
    mb(Math.max(...samples)),
    `${growth >= 0 ? '+' : ''}${mb(growth)}`,
  ];
  const markdown =
    `### Memory: OTLP exporter at a closed port, Express, Node ${nodeVersion}\n\n` +
    'RSS in MiB, sampled each second; "after warm-up" = median of the first quarter after the first fifth of the run, "end" = median of the last quarter\n\n' +
    markdownTable(['load', 'requests', 'failed', 'req/s', 'RSS start', 'RSS after warm-up', 'RSS end', 'RSS max', 'growth after warm-up'], [row]);
  return { markdown, failed, growthMiB: growth / 1024 / 1024 };
}

module.exports = { runMemory };
