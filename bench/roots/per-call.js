'use strict';
// The cost of one `@Traced` call that starts a new trace (a method called outside any request or
// span: a script, a queue consumer of your own, bootstrap code), under each sampler, in
// instructions under callgrind: the head decision of a root, sampled or not. One process per
// setup boots a Nest application context, warms the method up, then callgrind counts the main
// thread over `CALLS` calls (zeroed before, dumped after, signalled by SIGUSR2).
//   node bench/roots/per-call.js                  every setup under valgrind (bench/.dist built)
//   node bench/roots/per-call.js <setup> <calls>  one setup, not under valgrind (waits for two SIGUSR2)
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod, paramTypes } = require('../lib/decorators');
const { library } = require('../lib/paths');
const { markdownTable } = require('../lib/stats');

const SETUPS = {
  untraced: { label: 'plain method, no TracingModule' },
  'always-on': { label: 'AlwaysOn', sampler: { ratio: 1 } },
  '1pct': { label: '1 %', sampler: { ratio: 0.01 } },
  '1pct-keep': { label: '1 % + keep errors (nothing fails)', sampler: { ratio: 0.01, keep: { errors: true } } },
  adaptive: { label: 'adaptive, 10 new traces/s', sampler: { maxPerSecond: 10 } },
};
const CALLS = 100_000;
const WARMUP = 200_000;

async function serve(setup, calls) {
  const { Injectable, Module } = require('@nestjs/common');
  const { NestFactory } = require('@nestjs/core');
  class Refunds {
    refund(id) {
      return { id };
    }
  }
  const { sampler } = SETUPS[setup];
  const imports = [];
  if (sampler) {
    const { TracingModule, Traced } = library();
    applyToMethod(Refunds, 'refund', [Traced()]);
    imports.push(TracingModule.forRoot({ serviceName: 'bench', exporter: new CountingExporter(), spanProcessor: 'batch', sampler }));
  }
  Injectable()(Refunds);
  paramTypes(Refunds, []);
  class RootsModule {}
  Module({ imports, providers: [Refunds] })(RootsModule);
  const app = await NestFactory.createApplicationContext(RootsModule, { logger: false });
  const refunds = app.get(Refunds);
  // Yields a macrotask every 256 calls, as a server would, so the batch processor's timers run.
  const run = async (n) => {
    for (let i = 0; i < n; i++) {
      if (refunds.refund(i).id !== i) throw new Error('wrong result');
      if ((i & 255) === 255) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const signalled = () =>
    new Promise((resolve) => {
      const alive = setInterval(() => undefined, 1000);
      process.once('SIGUSR2', () => {
        clearInterval(alive);
        resolve();
      });
    });
  await run(Math.min(WARMUP, calls * 2));
  // Listening before saying so: the signal may follow the line at once.
  const warmed = signalled();
  process.stdout.write('WARM\n');
  await warmed;
  await run(calls);
  const done = signalled();
  process.stdout.write('DONE\n');
  await done;
  await app.close();
}

function waitFor(child, text) {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      if (!out.includes(text)) return;
      child.stdout.off('data', onData);
      resolve();
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`roots: exited (${code}) before ${text}`)));
  });
}

/** Main-thread instructions per call of one setup; `valgrind: false` only checks that it runs. */
async function countSetup(setup, { calls, valgrind, directory }) {
  const out = path.join(directory, setup);
  const node = [process.execPath, __filename, setup, String(calls)];
  const command = valgrind ? ['valgrind', ['-q', '--tool=callgrind', '--separate-threads=yes', `--callgrind-out-file=${out}.%p`, ...node]] : [node[0], node.slice(1)];
  const child = spawn(command[0], command[1], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, VALGRIND_OPTS: '' } });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(child, 'WARM');
  if (valgrind) execFileSync('callgrind_control', ['--zero', String(child.pid)], { stdio: 'ignore' });
  child.kill('SIGUSR2');
  await waitFor(child, 'DONE');
  if (valgrind) execFileSync('callgrind_control', ['--dump', String(child.pid)], { stdio: 'ignore' });
  child.kill('SIGUSR2');
  await exited;
  if (!valgrind) return undefined;
  // The dump after the warm-up is part 1; thread 01 is the main (JavaScript) thread.
  const dump = fs.readFileSync(`${out}.${child.pid}.1-01`, 'utf8');
  return Number(/^summary: (\d+)/m.exec(dump)[1]) / calls;
}

/** Every setup, two at a time (one core each). */
async function runRoots({ quick, log, valgrind }) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'nestjs-tracing-roots-'));
  const counts = {};
  const names = Object.keys(SETUPS);
  try {
    for (let i = 0; i < names.length; i += 2) {
      await Promise.all(
        names.slice(i, i + 2).map(async (setup) => {
          counts[setup] = await countSetup(setup, { calls: quick ? 1000 : CALLS, valgrind: valgrind && !quick, directory });
          if (counts[setup] !== undefined) log(`roots ${setup}: ${(counts[setup] / 1000).toFixed(2)} k instructions/call`);
        }),
      );
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
  if (quick || !valgrind) return { markdown: '### A `@Traced` call that starts a trace\n\nQuick run: every setup ran; not counted.' };
  const rows = names.map((setup) => [SETUPS[setup].label, (counts[setup] / 1000).toFixed(2), `+${((counts[setup] - counts.untraced) / 1000).toFixed(2)}`]);
  return {
    markdown:
      `### A \`@Traced\` call that starts a trace (callgrind), Node ${process.version}\n\n` +
      `Main-thread instructions per call of a sync \`@Traced\` method called outside any request or span, over ${CALLS} calls after ${WARMUP} of warm-up\n\n` +
      markdownTable(['setup', 'k instructions/call', 'k over the plain method'], rows),
    counts,
  };
}

module.exports = { runRoots };

if (require.main === module) {
  if (process.argv[2]) {
    serve(process.argv[2], Number(process.argv[3] ?? CALLS)).catch((error) => {
      console.error(error);
      process.exit(1);
    });
  } else {
    const { hasValgrind } = require('../instructions/run');
    runRoots({ quick: false, log: (m) => process.stderr.write(`${m}\n`), valgrind: hasValgrind() }).then((r) => console.log(r.markdown));
  }
}
