'use strict';
// `npm run bench`: micro, HTTP (Node 20 and 24, Express and Fastify), gRPC and memory; prints
// one markdown table per part and, on a full run, writes bench/RESULTS.md.
//   --quick         CI smoke run (< 2 minutes): checks that every part completes
//   --only=a,b      parts to run: micro, roots, http, http24, grpc, memory, instructions, outgoing, fetch-pg, logs, viewer, ws, jobs, graphql
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { BENCH, DIST, ROOT } = require('./lib/paths');
const { runMicro } = require('./micro/run');
const { runHttp } = require('./http/run');
const { runGrpc } = require('./grpc/run');
const { runMemory } = require('./memory/run');
const { runInstructions, hasValgrind } = require('./instructions/run');
const { runRoots } = require('./roots/per-call');
const { runOutgoing } = require('./outgoing/run');
const { runFetchPg } = require('./fetch-pg/run');
const { runLogs } = require('./logs/run');
const { runViewer } = require('./viewer/run');
const { runWebsockets } = require('./websockets/run');
const { runJobs } = require('./jobs/per-run');
const { runGraphql } = require('./graphql/run');
const { node24 } = require('./node24');
const { targetsTable } = require('./targets');

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='));
const parts = onlyArg ? onlyArg.slice('--only='.length).split(',') : ['micro', 'roots', 'http', 'http24', 'grpc', 'memory', 'instructions', 'outgoing', 'fetch-pg', 'logs', 'viewer', 'ws', 'jobs', 'graphql'];
const log = (message) => process.stderr.write(`${message}\n`);

const HTTP_CONFIGS = ['untraced', 'floor', 'otel-auto', 'nestjs-otel', 'ours', 'ours-1pct', 'ours-1pct-keep', 'ours-adaptive'];
const HTTP24_CONFIGS = ['untraced', 'floor', 'ours', 'ours-1pct'];

/** Compiles lib/ into bench/.dist, apart from dist/ (which other work may rebuild at any time). */
function build() {
  log('build: tsc -p tsconfig.build.json --outDir bench/.dist');
  fs.rmSync(DIST, { recursive: true, force: true });
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json', '--outDir', DIST], { cwd: ROOT, stdio: 'inherit' });
  } catch (error) {
    if (!fs.existsSync(path.join(DIST, 'lib', 'index.js'))) throw error;
    log('build: type errors (see above); benchmarking what was emitted');
  }
}

function versions() {
  const names = [
    '@opentelemetry/api', '@opentelemetry/sdk-trace-base', '@opentelemetry/context-async-hooks', '@opentelemetry/instrumentation-http',
    '@opentelemetry/instrumentation-express', '@opentelemetry/instrumentation-nestjs-core', 'nestjs-otel', '@nestjs/core',
    '@nestjs/platform-express', '@nestjs/platform-fastify', 'express', 'fastify', 'autocannon',
    '@nestjs/microservices', '@grpc/grpc-js', '@opentelemetry/instrumentation-grpc', '@opentelemetry/instrumentation-undici',
  ];
  return names.map((name) => `${name}@${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version}`).join(', ');
}

function machine() {
  const cpus = os.cpus();
  return `${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

async function main() {
  const started = Date.now();
  build();
  const sections = [];
  const results = {};
  if (parts.includes('micro')) {
    results.micro = await runMicro({ quick, log });
    sections.push(results.micro.markdown);
  }
  if (parts.includes('roots')) {
    results.roots = await runRoots({ quick, log, valgrind: hasValgrind() });
    sections.push(results.roots.markdown);
  }
  const http = { markdown: [], ratios: [] };
  if (parts.includes('http')) {
    const r = await runHttp({ quick, nodeBinary: process.execPath, nodeVersion: process.version, platforms: ['express', 'fastify'], configNames: HTTP_CONFIGS, log });
    http.markdown.push(r.markdown);
    http.ratios.push(...r.ratios);
  }
  if (parts.includes('http24') && !quick) {
    const node = node24(log);
    if (node) {
      const r = await runHttp({ quick, nodeBinary: node.binary, nodeVersion: node.version, platforms: ['express', 'fastify'], configNames: HTTP24_CONFIGS, log });
      http.markdown.push(r.markdown);
      http.ratios.push(...r.ratios);
    }
  }
  if (http.markdown.length) {
    results.http = http;
    sections.push(...http.markdown);
  }
  if (parts.includes('grpc')) {
    results.grpc = await runGrpc({ quick, nodeBinary: process.execPath, nodeVersion: process.version, log });
    sections.push(results.grpc.markdown);
  }
  if (parts.includes('memory')) {
    results.memory = await runMemory({ quick, nodeBinary: process.execPath, nodeVersion: process.version, log });
    sections.push(results.memory.markdown);
  }
  if (parts.includes('instructions') && !quick) {
    results.instructions = await runInstructions({ quick, httpConfigNames: HTTP_CONFIGS, log });
    sections.push(results.instructions.markdown);
  }
  if (parts.includes('outgoing')) {
    results.outgoing = await runOutgoing({ quick, log });
    sections.push(results.outgoing.markdown);
  }
  if (parts.includes('fetch-pg')) {
    // Its instruction counts run with the instructions part (callgrind), not in a quick run.
    results.fetchPg = await runFetchPg({ quick, nodeBinary: process.execPath, log, instructions: parts.includes('instructions') || onlyArg !== undefined });
    sections.push(results.fetchPg.markdown);
  }
  if (parts.includes('logs') && !quick) {
    results.logs = await runLogs({ quick, log });
    sections.push(results.logs.markdown);
  }
  if (parts.includes('viewer')) {
    results.viewer = await runViewer({ quick, log });
    sections.push(results.viewer.markdown);
  }
  if (parts.includes('ws')) {
    results.ws = await runWebsockets({ quick, log });
    sections.push(results.ws.markdown);
  }
  if (parts.includes('jobs') && !quick) {
    results.jobs = await runJobs({ quick, log });
    sections.push(results.jobs.markdown);
  }
  if (parts.includes('graphql')) {
    results.graphql = await runGraphql({ quick, log });
    sections.push(results.graphql.markdown);
  }
  sections.push(targetsTable(results));
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const body = sections.join('\n\n');
  console.log(`${body}\n\n(${quick ? 'quick run, numbers not meaningful; ' : ''}${minutes} min)`);
  if (!quick && !onlyArg) {
    const header =
      `# Benchmark results\n\nLast full \`npm run bench\`, ${new Date().toISOString().slice(0, 10)}, ${minutes} min.\n\n` +
      `Machine: ${machine()}\n\nNode: ${process.version} (micro, HTTP, gRPC, memory) and Node 24 (HTTP, second set of tables)\n\nVersions: ${versions()}\n\n` +
      'How: see bench/README.md. Ratios are of medians taken in the same run; "x floor" is against the SDK plus one `context.with` per request and no spans.';
    const analysis = fs.readFileSync(path.join(BENCH, 'ANALYSIS.md'), 'utf8');
    fs.writeFileSync(path.join(BENCH, 'RESULTS.md'), `${header}\n\n${body}\n\n${analysis}`);
    log('wrote bench/RESULTS.md');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
