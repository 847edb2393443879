'use strict';
// Outgoing-HTTP part: instructions per request (callgrind, Express) of a request whose handler
// makes one outgoing fetch: untraced, OpenTelemetry's auto-instrumentation with undici, ours.
// The downstream server runs in this process, outside valgrind. --quick only checks that each
// config serves requests and counts its spans, without valgrind.
const http = require('node:http');
const { countInstructions, hasValgrind } = require('../instructions/run');
const { httpRequests } = require('../instructions/clients');
const { startServer } = require('../lib/server-process');
const { markdownTable, ratio } = require('../lib/stats');
const { configs } = require('./configs');

async function startDownstream() {
  const body = JSON.stringify({ plan: 'pro' });
  const server = http.createServer((request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
  // Under valgrind the app is ~50x slower: a socket the downstream closes after the default 5 s
  // of idleness could be reused by undici a moment too late, and the fetch would fail.
  server.keepAliveTimeout = 120_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function smoke(log) {
  const rows = [];
  for (const config of configs) {
    const server = await startServer({ nodeBinary: process.execPath, config: config.name, platform: 'express' });
    await httpRequests(server.port, 200, 4);
    const { spans } = await server.stop();
    rows.push([config.label, spans === null ? '-' : (spans / 200).toFixed(1)]);
    log(`outgoing ${config.name}: ${spans ?? '-'} spans for 200 requests`);
  }
  return `### Outgoing fetch (quick)\n\n${markdownTable(['config', 'spans/request'], rows)}`;
}

async function runOutgoing({ quick, log }) {
  const downstream = await startDownstream();
  process.env.BENCH_DOWNSTREAM_URL = downstream.url; // inherited by the server processes
  try {
    if (quick) return { markdown: await smoke(log) };
    if (!hasValgrind()) return { markdown: '### Outgoing fetch\n\nSkipped: valgrind is not installed on this machine.' };
    const counts = { warmup: Number(process.env.BENCH_INSTR_WARMUP ?? 6000), measured: Number(process.env.BENCH_INSTR_REQUESTS ?? 1500) };
    const fs = require('node:fs');
    const os = require('node:os');
    const path = require('node:path');
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-outgoing-'));
    let results;
    try {
      // One at a time: each server also keeps the downstream busy, and the machine is shared.
      results = [];
      for (const config of configs) {
        results.push(await countInstructions({ kind: 'http', platform: 'express', config: config.name }, counts, directory, log));
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
    const of = (name) => results.find((r) => r.config === name).instructions;
    const untraced = of('fetch-untraced');
    const rows = configs.map((config) => [config.label, (of(config.name) / 1000).toFixed(1), ratio(untraced, of(config.name)), `+${((of(config.name) - untraced) / 1000).toFixed(1)}`]);
    const markdown =
      `### Outgoing fetch: instructions per request (callgrind), Node ${process.version}\n\n` +
      'Express, `GET /users/:id` whose service makes one outgoing `fetch` to a downstream server (outside valgrind); ' +
      `main-thread instructions over ${counts.measured} requests after ${counts.warmup} of warm-up; x untraced is speed-like\n\n` +
      markdownTable(['config', 'k instructions/request', 'x untraced', 'k over untraced'], rows) +
      `\n\nOurs vs auto-instrumentation: ${ratio(of('fetch-ours'), of('fetch-otel'))} of its instructions.`;
    return { markdown, oursVsOtel: of('fetch-otel') / of('fetch-ours') };
  } finally {
    delete process.env.BENCH_DOWNSTREAM_URL;
    await downstream.close();
  }
}

module.exports = { runOutgoing };
