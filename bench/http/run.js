'use strict';
// HTTP part: for each round, each config in turn (interleaved), a fresh server process,
// warm-up, then autocannon from this process against 127.0.0.1.
const autocannon = require('autocannon');
const { startServer } = require('../lib/server-process');
const { markdownTable, median, ratio } = require('../lib/stats');
const { allConfigs } = require('./configs');

const load = (url, seconds, connections) => autocannon({ url, connections, duration: seconds });

async function measure({ nodeBinary, platform, configs, rounds, seconds, warmup, connections, log }) {
  const records = [];
  for (let round = 1; round <= rounds; round++) {
    for (const config of configs) {
      const server = await startServer({ nodeBinary, config: config.name, platform });
      const warm = await load(server.url, warmup, connections);
      server.markCpu();
      const result = await load(server.url, seconds, connections);
      const { spans, cpuMicros } = await server.stop();
      const failed = result.non2xx + result.errors + result.timeouts;
      records.push({
        config: config.name,
        round,
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        failed,
        spansPerRequest: spans === null ? null : spans / (warm.requests.total + result.requests.total),
        cpuPerRequest: cpuMicros === null ? null : cpuMicros / result.requests.total,
      });
      log(`http ${platform} round ${round} ${config.name.padEnd(12)} ${result.requests.average.toFixed(0)} req/s${failed ? `  FAILED ${failed}` : ''}`);
    }
  }
  return records;
}

function tableFor(records, configs) {
  const rpsOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.rps));
  const untraced = rpsOf('untraced');
  const floor = rpsOf('floor');
  const cpuOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.cpuPerRequest));
  const floorCpu = cpuOf('floor');
  const alternatives = configs.filter((c) => !c.ours && c.name !== 'untraced' && c.name !== 'floor').map((c) => rpsOf(c.name));
  const best = alternatives.length ? Math.max(...alternatives) : NaN;
  const rows = configs.map((config) => {
    const mine = records.filter((r) => r.config === config.name);
    const rps = median(mine.map((r) => r.rps));
    const spans = mine[0].spansPerRequest;
    return [
      config.label,
      rps.toFixed(0),
      ratio(rps, untraced),
      ratio(rps, floor),
      config.ours ? ratio(rps, best) : '',
      median(mine.map((r) => r.p50)).toFixed(0),
      median(mine.map((r) => r.p99)).toFixed(0),
      mine.map((r) => r.rps.toFixed(0)).join(' / '),
      cpuOf(config.name).toFixed(0),
      `+${(cpuOf(config.name) - floorCpu).toFixed(0)}`.replace('+-', '-'),
      spans === null ? '-' : spans.toFixed(2),
      mine.reduce((sum, r) => sum + r.failed, 0),
    ];
  });
  return markdownTable(
    ['config', 'req/s', 'x untraced', 'x floor', 'x best alt.', 'p50 ms', 'p99 ms', 'req/s per round', 'server CPU µs/req', 'vs floor', 'spans/req', 'failed'],
    rows,
  );
}

/** Runs the HTTP part on one Node binary for each platform; returns markdown and ratios. */
async function runHttp({ quick, nodeBinary, nodeVersion, platforms, configNames, log }) {
  const configs = configNames.map((name) => allConfigs.find((c) => c.name === name));
  const settings = quick
    ? { rounds: 1, seconds: 2, warmup: 1, connections: 20 }
    : { rounds: Number(process.env.BENCH_HTTP_ROUNDS ?? 3), seconds: Number(process.env.BENCH_HTTP_SECONDS ?? 5), warmup: 2, connections: 50 };
  const sections = [];
  const ratios = [];
  for (const platform of platforms) {
    const records = await measure({ nodeBinary, platform, configs, ...settings, log });
    sections.push(
      `### HTTP: Nest ${require('@nestjs/core/package.json').version} + ${platform}, Node ${nodeVersion}\n\n` +
        `GET /users/:id, autocannon ${settings.connections} connections, ${settings.seconds} s per run after ${settings.warmup} s warm-up, ` +
        `${settings.rounds} interleaved rounds (medians)\n\n${tableFor(records, configs)}`,
    );
    const rpsOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.rps));
    const cpuOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.cpuPerRequest));
    for (const name of ['ours', 'ours-1pct']) {
      if (!configs.some((c) => c.name === name)) continue;
      ratios.push({
        platform,
        node: nodeVersion,
        config: name,
        floor: rpsOf(name) / rpsOf('floor'),
        untraced: rpsOf(name) / rpsOf('untraced'),
        // Requests per CPU second, ours against the floor's: the same target, measured on CPU time.
        floorByCpu: cpuOf('floor') / cpuOf(name),
      });
    }
  }
  return { markdown: sections.join('\n\n'), ratios };
}

module.exports = { runHttp, measure };
