'use strict';
// The fetch + pg row: "SERVER span + @Traced + one outgoing fetch + one pg query", untraced, OTel
// auto-instrumentation and ours, in one run: req/s (autocannon, interleaved rounds, as the HTTP
// part) and main-thread instructions per request (callgrind, as the instructions part). The
// downstream service runs in this process; the table is in the PostgreSQL of 127.0.0.1:5432.
const http = require('node:http');
const net = require('node:net');
const { measure } = require('../http/run');
const { countInstructions } = require('../instructions/run');
const { markdownTable, median, ratio } = require('../lib/stats');
const { fetchPgConfigs } = require('./configs');

const PG_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function requireReachable(name, url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.setTimeout(2000, () => socket.destroy(new Error('timeout')));
    socket.once('connect', () => resolve(socket.end()));
    socket.once('error', () => reject(new Error(`${name} on ${hostname}:${port} is not reachable (BENCH_PG_URL)`)));
  });
}

/** A small JSON service for the app's fetch; answers from this process. */
function startDownstream() {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"tier":"gold"}');
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function withTable(run) {
  const { Client } = require('pg');
  const table = `bench_users_${process.pid}`;
  const client = new Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text NOT NULL)`);
    await client.query(`INSERT INTO ${table} SELECT i, 'user ' || i FROM generate_series(0, 99) AS i`);
    return await run(table);
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await client.end();
  }
}

async function runFetchPg({ quick, nodeBinary, log, instructions }) {
  await requireReachable('PostgreSQL', PG_URL);
  const downstream = await startDownstream();
  try {
    return await withTable(async (table) => {
      // The server processes inherit these (startServer passes process.env on).
      Object.assign(process.env, {
        BENCH_PG_URL: PG_URL,
        BENCH_PG_TABLE: table,
        BENCH_DOWNSTREAM_URL: `http://127.0.0.1:${downstream.address().port}`,
      });
      const settings = quick
        ? { rounds: 1, seconds: 2, warmup: 1, connections: 20 }
        : { rounds: Number(process.env.BENCH_HTTP_ROUNDS ?? 3), seconds: Number(process.env.BENCH_HTTP_SECONDS ?? 5), warmup: 2, connections: 50 };
      const records = settings.rounds > 0 ? await measure({ nodeBinary, platform: 'express', configs: fetchPgConfigs, ...settings, log }) : [];
      const counts = { warmup: Number(process.env.BENCH_INSTR_WARMUP ?? 6000), measured: Number(process.env.BENCH_INSTR_REQUESTS ?? 1500) };
      const instructionsOf = {};
      if (instructions && !quick) {
        const directory = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'nestjs-tracing-fetch-pg-'));
        // One at a time: each server does I/O per request, and a failure stops only its own server.
        for (const config of fetchPgConfigs) {
          const result = await countInstructions({ kind: 'http', platform: 'express', config: config.name }, counts, directory, log);
          instructionsOf[result.config] = result.instructions;
        }
      }
      return report(records, instructionsOf, settings, counts);
    });
  } finally {
    downstream.close();
  }
}

function report(records, instructionsOf, settings, counts) {
  const rpsOf = (name) => median(records.filter((r) => r.config === name).map((r) => r.rps));
  const [untraced, auto] = ['fetch-pg-untraced', 'fetch-pg-otel-auto'];
  const rows = fetchPgConfigs.map((config) => {
    const mine = records.filter((r) => r.config === config.name);
    const count = instructionsOf[config.name];
    return [
      config.label,
      mine.length ? rpsOf(config.name).toFixed(0) : '-',
      mine.length ? ratio(rpsOf(config.name), rpsOf(untraced)) : '-',
      mine.length ? ratio(rpsOf(config.name), rpsOf(auto)) : '-',
      count === undefined ? '-' : (count / 1000).toFixed(1),
      count === undefined ? '-' : ratio(instructionsOf[untraced], count),
      count === undefined ? '-' : ratio(instructionsOf[auto], count),
      mine[0]?.spansPerRequest == null ? '-' : mine[0].spansPerRequest.toFixed(2),
      mine.reduce((sum, r) => sum + r.failed, 0),
    ];
  });
  const markdown =
    `### HTTP + outgoing fetch + pg query, Express, Node ${process.version}\n\n` +
    `GET /users/:id -> @Traced UsersService.getUser -> fetch to a JSON service + one pg query (PostgreSQL on 127.0.0.1); ` +
    `autocannon ${settings.connections} connections, ${settings.seconds} s after ${settings.warmup} s warm-up, ${settings.rounds} interleaved rounds (medians); ` +
    `instructions: callgrind, main thread, ${counts.measured} requests after ${counts.warmup}. Ratios are speed-like (higher is faster).\n\n` +
    markdownTable(['config', 'req/s', 'x untraced', 'x auto', 'k instructions/req', 'x untraced (instr.)', 'x auto (instr.)', 'spans/req', 'failed'], rows);
  const ofAuto = (name) => ({ rps: rpsOf(name) / rpsOf(auto), instructions: instructionsOf[auto] / instructionsOf[name] });
  return { markdown, vsAuto: ofAuto('fetch-pg-ours') };
}

module.exports = { runFetchPg };
