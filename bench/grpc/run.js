'use strict';
// gRPC part: for each round, each config in turn (interleaved), a fresh Nest gRPC server
// process, warm-up, then unary calls from this process against 127.0.0.1.
const path = require('node:path');
const { startServer } = require('../lib/server-process');
const { markdownTable, median, ratio } = require('../lib/stats');
const { configs } = require('./configs');
const { load, paymentsClient } = require('./load');

const SERVER = path.join(__dirname, 'server.js');

async function measure({ nodeBinary, rounds, seconds, warmup, inFlight, log }) {
  const records = [];
  for (let round = 1; round <= rounds; round++) {
    for (const config of configs) {
      const server = await startServer({ nodeBinary, config: config.name, script: SERVER });
      const client = paymentsClient(server.port); // a new channel per server: no state carried over
      const warm = await load(client, { seconds: warmup, inFlight });
      const result = await load(client, { seconds, inFlight });
      client.close();
      const { spans } = await server.stop();
      const failed = warm.failed + result.failed;
      records.push({
        config: config.name,
        round,
        cps: result.callsPerSecond,
        p50: result.p50,
        p99: result.p99,
        failed,
        spansPerCall: spans === null ? null : spans / (warm.calls + result.calls),
      });
      log(`grpc round ${round} ${config.name.padEnd(10)} ${result.callsPerSecond.toFixed(0)} calls/s${failed ? `  FAILED ${failed}` : ''}`);
    }
  }
  return records;
}

function tableFor(records) {
  const cpsOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.cps));
  const untraced = cpsOf('untraced');
  const floor = cpsOf('floor');
  const alternatives = configs.filter((c) => !c.ours && c.name !== 'untraced' && c.name !== 'floor').map((c) => cpsOf(c.name));
  const best = alternatives.length ? Math.max(...alternatives) : NaN;
  const rows = configs.map((config) => {
    const mine = records.filter((r) => r.config === config.name);
    const cps = median(mine.map((r) => r.cps));
    const spans = mine[0].spansPerCall;
    return [
      config.label,
      cps.toFixed(0),
      ratio(cps, untraced),
      ratio(cps, floor),
      config.ours ? ratio(cps, best) : '',
      median(mine.map((r) => r.p50)).toFixed(2),
      median(mine.map((r) => r.p99)).toFixed(2),
      mine.map((r) => r.cps.toFixed(0)).join(' / '),
      spans === null ? '-' : spans.toFixed(2),
      mine.reduce((sum, r) => sum + r.failed, 0),
    ];
  });
  return markdownTable(['config', 'calls/s', 'x untraced', 'x floor', 'x best alt.', 'p50 ms', 'p99 ms', 'calls/s per round', 'spans/call', 'failed'], rows);
}

/** Runs the gRPC part on one Node binary; returns markdown and the ratio of ours to untraced. */
async function runGrpc({ quick, nodeBinary, nodeVersion, log }) {
  const settings = quick
    ? { rounds: 1, seconds: 1, warmup: 1, inFlight: 20 }
    : { rounds: Number(process.env.BENCH_GRPC_ROUNDS ?? 3), seconds: Number(process.env.BENCH_GRPC_SECONDS ?? 5), warmup: 2, inFlight: 50 };
  const records = await measure({ nodeBinary, ...settings, log });
  const cpsOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.cps));
  const version = (name) => require(`${name}/package.json`).version;
  const markdown =
    `### gRPC: Nest ${version('@nestjs/microservices')} microservice, @grpc/grpc-js ${version('@grpc/grpc-js')}, Node ${nodeVersion}\n\n` +
    `Unary shop.v1.Payments/Charge, ${settings.inFlight} calls in flight over one channel, ${settings.seconds} s per run after ${settings.warmup} s warm-up, ` +
    `${settings.rounds} interleaved rounds (medians)\n\n${tableFor(records)}`;
  return { markdown, ratios: { untraced: cpsOf('ours') / cpsOf('untraced'), otelGrpc: cpsOf('ours') / cpsOf('otel-grpc') } };
}

module.exports = { runGrpc };
