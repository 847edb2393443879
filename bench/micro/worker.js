'use strict';
// One micro-benchmark process for one SDK setup (a tracer provider can be registered once per
// process). argv[2]:
//   none       no SDK: the API's no-op tracer and context manager
//   on         TracingModule: AlwaysOn (parent-based), batch processor, counting exporter
//   off        same with AlwaysOff
//   unsampled  AlwaysOn, but every call runs inside an unsampled remote parent
// Prints one JSON line: ns/call of each measured round, per variant and mode.
require('reflect-metadata');
const { context, trace, TraceFlags, ROOT_CONTEXT } = require('@opentelemetry/api');
const { CountingExporter } = require('../lib/counting-exporter');
const { library } = require('../lib/paths');

const setup = process.argv[2] || 'none';
const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;
const WARMUP = quick ? 1 : 2;
const N_ASYNC = quick ? 5_000 : 40_000;
const N_SYNC = quick ? 10_000 : 80_000;

async function startSdk() {
  if (setup === 'none') return { close: async () => undefined, exporter: null };
  const { Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { TracingModule } = library();
  const exporter = new CountingExporter();
  const samplers = {
    off: { ratio: 0 },
    '1pct': { ratio: 0.01 },
    '1pct-keep': { ratio: 0.01, keep: { errors: true } },
    adaptive: { maxPerSecond: 10 },
  };
  const sampler = samplers[setup] ?? { ratio: 1 };
  class BenchModule {}
  Module({ imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch', sampler })] })(BenchModule);
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: false });
  return { close: () => app.close(), exporter };
}

/** The context calls run in: an unsampled remote parent, or whatever is active. */
function callerContext() {
  if (setup !== 'unsampled') return undefined;
  const parent = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.NONE, isRemote: true };
  return trace.setSpanContext(ROOT_CONTEXT, parent);
}

const ids = Array.from({ length: 1024 }, (_, i) => String(i));
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

// Each cell gets its own copy of the loop (new Function: its own type feedback), so one
// variant's call site does not turn megamorphic for the next. Every 256 calls the loop yields
// a macrotask, as a server would, so the batch processor's timers and GC can run.
const ASYNC_LOOP = `return async function loop(call, n) {
  let last;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    last = await call(ids[i & 1023]);
    if ((i & 255) === 255) await nextMacrotask();
  }
  const ns = Number(process.hrtime.bigint() - start) / n;
  if (last === undefined) throw new Error('no result');
  return ns;
}`;
const SYNC_LOOP = ASYNC_LOOP.replace('await call(', 'call(');
const compileLoop = (source) => new Function('ids', 'nextMacrotask', 'process', source)(ids, nextMacrotask, process);

async function main() {
  const sdk = await startSdk();
  const { variants } = require('./variants');
  const cells = [];
  for (const variant of variants) {
    const calls = variant.make();
    for (const mode of ['async', 'sync']) {
      const loop = compileLoop(mode === 'async' ? ASYNC_LOOP : SYNC_LOOP);
      cells.push({ variant: variant.name, label: variant.label, mode, call: calls[mode], loop, n: mode === 'async' ? N_ASYNC : N_SYNC, rounds: [] });
    }
  }
  for (const cell of cells) {
    const result = await cell.call('7');
    if (result?.id !== '7') throw new Error(`${cell.variant}/${cell.mode} returned ${JSON.stringify(result)}`);
  }
  const ctx = callerContext();
  const run = (cell) => (ctx ? context.with(ctx, () => cell.loop(cell.call, cell.n)) : cell.loop(cell.call, cell.n));
  let tracedCalls = cells.filter((c) => c.variant !== 'plain').length;
  // Warm-up rounds, then measured ones; cells interleaved within each round so drift hits all.
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const cell of cells) {
      const ns = await run(cell);
      if (cell.variant !== 'plain') tracedCalls += cell.n;
      if (round >= WARMUP) cell.rounds.push(ns);
    }
  }
  await sdk.close();
  const result = {
    setup,
    node: process.version,
    rounds: ROUNDS,
    spansExported: sdk.exporter ? sdk.exporter.exported : null,
    tracedCalls,
    cells: cells.map(({ variant, label, mode, rounds }) => ({ variant, label, mode, rounds })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
