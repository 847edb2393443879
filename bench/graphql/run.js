'use strict';
// GraphQL part: instructions per `GetOrder` operation (callgrind, Apollo on Express): untraced,
// the floor, OpenTelemetry's instrumentation-graphql, ours. --quick only checks that each config serves
// the operation and counts its spans, without valgrind.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { countInstructions, hasValgrind } = require('../instructions/run');
const { graphqlRequests } = require('../instructions/clients');
const { startServer } = require('../lib/server-process');
const { markdownTable, ratio } = require('../lib/stats');
const { configs } = require('./configs');

const SCRIPT = path.join(__dirname, 'server.js');
const SMOKE_REQUESTS = 200;

/** Spans per operation of each config, from a short run without valgrind. */
async function spansPerOperation(log) {
  const spans = {};
  for (const config of configs) {
    const server = await startServer({ nodeBinary: process.execPath, config: config.name, script: SCRIPT });
    await graphqlRequests(server.port, SMOKE_REQUESTS, 4);
    const stopped = await server.stop();
    spans[config.name] = stopped.spans === null ? '-' : (stopped.spans / SMOKE_REQUESTS).toFixed(1);
    log(`graphql ${config.name}: ${stopped.spans ?? '-'} spans for ${SMOKE_REQUESTS} operations`);
  }
  return spans;
}

async function runGraphql({ quick, log }) {
  const spans = await spansPerOperation(log);
  if (quick) return { markdown: `### GraphQL (quick)\n\n${markdownTable(['config', 'spans/operation'], configs.map((c) => [c.label, spans[c.name]]))}` };
  if (!hasValgrind()) return { markdown: '### GraphQL\n\nSkipped: valgrind is not installed on this machine.' };
  const counts = { warmup: Number(process.env.BENCH_INSTR_WARMUP ?? 6000), measured: Number(process.env.BENCH_INSTR_REQUESTS ?? 1500) };
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-graphql-'));
  const results = [];
  try {
    for (const config of configs) results.push(await countInstructions({ kind: 'graphql', config: config.name }, counts, directory, log));
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  const of = (name) => results.find((r) => r.config === name).instructions;
  const untraced = of('graphql-untraced');
  const rows = configs.map((config) => [
    config.label,
    spans[config.name],
    (of(config.name) / 1000).toFixed(1),
    ratio(untraced, of(config.name)),
    `+${((of(config.name) - untraced) / 1000).toFixed(1)}`,
  ]);
  const markdown =
    `### GraphQL: instructions per operation (callgrind), Node ${process.version}\n\n` +
    'Apollo on Express, `query GetOrder` (two async resolvers, six plain fields); ' +
    `main-thread instructions over ${counts.measured} operations after ${counts.warmup} of warm-up; x untraced is speed-like\n\n` +
    markdownTable(['config', 'spans/operation', 'k instructions/operation', 'x untraced', 'k over untraced'], rows) +
    `\n\nOurs vs instrumentation-graphql: ${ratio(of('graphql-ours'), of('graphql-otel'))} of its instructions.`;
  return { markdown };
}

module.exports = { runGraphql };
