'use strict';
// The cost of one @OnEvent handler run (emit → handler) and of one scheduled job run, untraced,
// at the floor (the SDK's context manager and one context.with per run, no span) and with
// TracingModule (AlwaysOn, batch processor, a counting exporter), in instructions under
// callgrind. Each setup boots a Nest application context and runs `runs` events or job ticks, and
// once with none: the difference per run is what a run costs, boot excluded.
//   node bench/jobs/per-run.js                      every setup (12 runs under valgrind; bench/.dist built;
//                                                   BENCH_JOB_CONFIGS=untraced,ours for some)
//   node bench/jobs/per-run.js <events|jobs> <untraced|floor|ours> <runs>   one setup, not under valgrind
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod, paramTypes } = require('../lib/decorators');
const { library } = require('../lib/paths');
const { markdownTable } = require('../lib/stats');

const KINDS = (process.env.BENCH_JOB_KINDS ?? 'events,jobs').split(',');
/** `floor`: the SDK's context manager on and one `context.with` per run, no spans (as the HTTP floor). */
const CONFIGS = (process.env.BENCH_JOB_CONFIGS ?? 'untraced,floor,ours').split(',');

/** A provider with one `@OnEvent('order.placed')` handler, or one `@Cron` job (disabled: ticked by hand). */
function handlersModule(kind) {
  const { Injectable, Module } = require('@nestjs/common');
  class OrderHandlers {
    constructor() {
      this.handled = 0;
    }
    handle() {
      this.handled += 1;
    }
  }
  if (kind === 'events') applyToMethod(OrderHandlers, 'handle', [require('@nestjs/event-emitter').OnEvent('order.placed')]);
  else applyToMethod(OrderHandlers, 'handle', [require('@nestjs/schedule').Cron('0 0 1 1 *', { name: 'reconcile stock', disabled: true })]);
  Injectable()(OrderHandlers);
  paramTypes(OrderHandlers, []);
  const imports = [kind === 'events' ? require('@nestjs/event-emitter').EventEmitterModule.forRoot() : require('@nestjs/schedule').ScheduleModule.forRoot()];
  class HandlersModule {}
  Module({ imports, providers: [OrderHandlers] })(HandlersModule);
  return { HandlersModule, OrderHandlers };
}

/** Boots the app, then runs `runs` events or job ticks through Nest's own path. */
async function runHandlers(kind, config, runs) {
  require('reflect-metadata');
  const { Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  const { HandlersModule, OrderHandlers } = handlersModule(kind);
  const imports = [HandlersModule];
  const exporter = new CountingExporter();
  let wrapTick = (tick) => tick;
  if (config === 'floor') {
    const { context, ROOT_CONTEXT } = require('@opentelemetry/api');
    const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    wrapTick = (tick) => () => context.with(ROOT_CONTEXT, tick);
  }
  if (config === 'ours') imports.unshift(library().TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch', sampler: { ratio: 1 }, quiet: true }));
  class AppModule {}
  Module({ imports })(AppModule);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  await app.init();
  let tick;
  if (kind === 'events') {
    const emitter = app.get(require('@nestjs/event-emitter').EventEmitter2);
    tick = () => emitter.emit('order.placed', { id: 'o-1' });
  } else {
    // The job's timer tick as cron calls it: through SchedulerRegistry's and the explorer's wrappers.
    const job = app.get(require('@nestjs/schedule').SchedulerRegistry).getCronJob('reconcile stock');
    tick = () => job.fireOnTick();
  }
  tick = wrapTick(tick);
  for (let i = 0; i < runs; i++) {
    // A job tick is awaited, as its timer comes after the previous run ended (runs that overlap
    // cost more: they are counted and linked); events are emitted in a row, their runs settle
    // now and then, the same for every setup.
    if (kind === 'jobs') await tick();
    else tick();
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  await new Promise((resolve) => setImmediate(resolve));
  const handled = app.get(OrderHandlers).handled;
  await app.close();
  if (handled !== runs) throw new Error(`${kind}/${config}: ${handled} runs handled, ${runs} expected`);
  if (config === 'ours' && runs > 0 && exporter.exported < runs) throw new Error(`${kind}/${config}: ${exporter.exported} spans exported for ${runs} runs`);
}

function instructions(kind, config, runs, directory) {
  const out = path.join(directory, `${kind}-${config}-${runs}.out`);
  execFileSync('valgrind', ['-q', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${out}`, process.execPath, __filename, kind, config, String(runs)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const main = fs.readdirSync(directory).find((name) => name.startsWith(path.basename(out)) && name.endsWith('-01'));
  return Number(/^summary: (\d+)/m.exec(fs.readFileSync(path.join(directory, main), 'utf8'))[1]);
}

/** k instructions per run for every kind and config, from a run with `runs` and one with none. */
async function runJobs({ quick, log, runs = Number(process.env.BENCH_JOB_RUNS ?? 5000) }) {
  if (quick) return { markdown: '' };
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-jobs-'));
  const perRun = {};
  try {
    for (const kind of KINDS) {
      for (const config of CONFIGS) {
        log(`jobs: ${kind} ${config} under callgrind`);
        perRun[`${kind}/${config}`] = (instructions(kind, config, runs, directory) - instructions(kind, config, 0, directory)) / runs;
      }
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  const k = (count) => (count / 1000).toFixed(1);
  const label = { events: '@OnEvent handler run (emit → handler)', jobs: '@Cron job run (a tick through the scheduler)' };
  const cell = (kind, config) => (perRun[`${kind}/${config}`] === undefined ? '' : k(perRun[`${kind}/${config}`]));
  const over = (kind) => (perRun[`${kind}/ours`] === undefined || perRun[`${kind}/floor`] === undefined ? '' : `+${k(perRun[`${kind}/ours`] - perRun[`${kind}/floor`])}`);
  const rows = ['events', 'jobs'].filter((kind) => KINDS.includes(kind)).map((kind) => [label[kind], cell(kind, 'untraced'), cell(kind, 'floor'), cell(kind, 'ours'), over(kind)]);
  const markdown =
    `### Scheduled jobs and events (callgrind), Node ${process.version}\n\n` +
    `Main-thread k instructions per run over ${runs} runs (boot subtracted); ours records one span per run (AlwaysOn, batch)\n\n` +
    markdownTable(['run', 'untraced', 'floor', 'ours', 'ours over floor'], rows);
  return { markdown, perRun };
}

if (require.main === module) {
  const [kind, config, runs] = process.argv.slice(2);
  if (kind) {
    runHandlers(kind, config, Number(runs)).catch((error) => {
      console.error(error);
      process.exit(1);
    });
  } else {
    runJobs({ quick: false, log: (line) => process.stderr.write(`${line}\n`) }).then(({ markdown }) => console.log(markdown));
  }
}

module.exports = { runJobs };
