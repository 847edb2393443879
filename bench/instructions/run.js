'use strict';
// Instruction counts: each server runs under valgrind's callgrind, which counts the machine
// instructions the server's main thread executes for a fixed number of requests after a
// warm-up. Unlike req/s or CPU time on a shared 2-core machine, the count repeats within
// about 1 % from run to run, so small differences between configs are real.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer } = require('../lib/server-process');
const { markdownTable, ratio } = require('../lib/stats');
const { httpRequests, grpcCalls, tcpCalls, graphqlRequests } = require('./clients');
const { gatewayMessages } = require('../websockets/clients');
const httpConfigs = require('../http/configs').configs;
const grpcConfigs = require('../grpc/configs').configs;
const tcpConfigs = require('../messaging/configs').configs;

const GRPC_SERVER = path.join(__dirname, '..', 'grpc', 'server.js');
const TCP_SERVER = path.join(__dirname, '..', 'messaging', 'server.js');
const WS_SERVER = path.join(__dirname, '..', 'websockets', 'server.js');
const GRAPHQL_SERVER = path.join(__dirname, '..', 'graphql', 'server.js');
const SCRIPTS = { grpc: GRPC_SERVER, tcp: TCP_SERVER, ws: WS_SERVER, graphql: GRAPHQL_SERVER };
const SENDERS = { http: httpRequests, grpc: grpcCalls, tcp: tcpCalls, ws: gatewayMessages, graphql: graphqlRequests };
const CONCURRENCY = 8;
const PARALLEL = 2; // valgrind runs a process on one core; two at a time fill this machine

function hasValgrind() {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Main-thread instructions per request of one server, between a warm-up and the end. */
async function countInstructions(target, { warmup, measured }, directory, log) {
  const out = path.join(directory, `${target.kind}-${target.platform ?? ''}-${target.config}`);
  const server = await startServer({
    nodeBinary: 'valgrind',
    nodeArgs: ['-q', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${out}.%p`, '--smc-check=all-non-file', process.execPath],
    config: target.config,
    platform: target.platform,
    script: SCRIPTS[target.kind],
    readyTimeoutMs: 600_000,
    env: { VALGRIND_OPTS: '' },
  });
  const send = SENDERS[target.kind];
  try {
    await send(server.port, warmup, CONCURRENCY, target.platform);
    execFileSync('callgrind_control', ['--zero', String(server.pid)], { stdio: 'ignore' });
    await send(server.port, measured, CONCURRENCY, target.platform);
    execFileSync('callgrind_control', ['--dump', String(server.pid)], { stdio: 'ignore' });
  } finally {
    await server.stop();
  }
  // The dump after the warm-up is part 1; thread 01 is the main (JavaScript) thread.
  const dump = fs.readFileSync(`${out}.${server.pid}.1-01`, 'utf8');
  const instructions = Number(/^summary: (\d+)/m.exec(dump)[1]) / measured;
  log(`instructions ${target.kind} ${target.platform ?? ''} ${target.config}: ${(instructions / 1000).toFixed(1)} k/request`);
  return { ...target, instructions };
}

function tableFor(results, configs, unit) {
  const of = (name) => results.find((r) => r.config === name)?.instructions;
  const untraced = of('untraced');
  const floor = of('floor');
  const rows = configs
    .filter((config) => of(config.name) !== undefined)
    .map((config) => {
      const count = of(config.name);
      return [
        config.label,
        (count / 1000).toFixed(1),
        ratio(untraced, count),
        ratio(floor, count),
        `${count >= floor ? '+' : ''}${((count - floor) / 1000).toFixed(1)}`,
      ];
    });
  return markdownTable(['config', `k instructions/${unit}`, 'x untraced', 'x floor', `k over floor`], rows);
}

/**
 * Runs every HTTP config (Express and Fastify) and every gRPC config under callgrind. Ratios are
 * speed-like (untraced / config): 0.90 means the config needs 1/0.90 of the instructions.
 */
async function runInstructions({ quick, httpConfigNames, log }) {
  if (quick) return { markdown: '', ratios: [] };
  if (!hasValgrind()) {
    log('instructions: valgrind not found, part skipped');
    return { markdown: '### Instructions per request\n\nSkipped: valgrind is not installed on this machine.', ratios: [] };
  }
  const counts = { warmup: Number(process.env.BENCH_INSTR_WARMUP ?? 6000), measured: Number(process.env.BENCH_INSTR_REQUESTS ?? 1500) };
  const targets = [
    ...['express', 'fastify'].flatMap((platform) => httpConfigNames.map((config) => ({ kind: 'http', platform, config }))),
    ...grpcConfigs.map((config) => ({ kind: 'grpc', config: config.name })),
    ...tcpConfigs.map((config) => ({ kind: 'tcp', config: config.name })),
  ].filter((target) => !process.env.BENCH_INSTR_KINDS || process.env.BENCH_INSTR_KINDS.split(',').includes(target.kind));
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-callgrind-'));
  const results = [];
  try {
    for (let i = 0; i < targets.length; i += PARALLEL) {
      results.push(...(await Promise.all(targets.slice(i, i + PARALLEL).map((target) => countInstructions(target, counts, directory, log)))));
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  const sections = [];
  const section = (title, mine, configs, unit) => mine.length && sections.push(`#### ${title}\n\n${tableFor(mine, configs, unit)}`);
  for (const platform of ['express', 'fastify']) section(`HTTP, ${platform}`, results.filter((r) => r.platform === platform), httpConfigs, 'request');
  section('gRPC unary', results.filter((r) => r.kind === 'grpc'), grpcConfigs, 'call');
  section('TCP request/response (`@MessagePattern`, server side)', results.filter((r) => r.kind === 'tcp'), tcpConfigs, 'message');
  const ratios = ['express', 'fastify'].flatMap((platform) => {
    const of = (name) => results.find((r) => r.platform === platform && r.config === name)?.instructions;
    return ['ours', 'ours-1pct'].filter((config) => of(config) !== undefined).map((config) => ({ platform, config, floor: of('floor') / of(config) }));
  });
  const grpcOf = (name) => results.find((r) => r.kind === 'grpc' && r.config === name)?.instructions;
  const grpcVsOtel = grpcOf('ours') ? grpcOf('otel-grpc') / grpcOf('ours') : undefined;
  const markdown =
    `### Instructions per request (callgrind), Node ${process.version}\n\n` +
    `Main-thread machine instructions per request, counted by valgrind's callgrind over ${counts.measured} requests after ${counts.warmup} of warm-up, ` +
    `${CONCURRENCY} in flight; x untraced and x floor are speed-like ratios (fewer instructions = higher)\n\n${sections.join('\n\n')}`;
  return { markdown, ratios, grpcVsOtel };
}

module.exports = { runInstructions, countInstructions, hasValgrind };
