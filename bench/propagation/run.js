'use strict';
// `node bench/propagation/run.js` (after `npm run build`): instructions per request to extract
// traceparent + tracestate + baggage and inject them again, OpenTelemetry's W3C propagators vs
// ours (level 2 and Baggage completed). Counted under valgrind's callgrind, which repeats
// within about 1 % on a loaded machine where timings do not.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 20000);
const WORKER = path.join(__dirname, 'worker.js');

function instructions(which, iterations) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-propagation-')), 'callgrind.out');
  execFileSync('valgrind', ['-q', '--tool=callgrind', `--callgrind-out-file=${out}`, '--smc-check=all-non-file', process.execPath, WORKER, which, String(iterations)], {
    stdio: 'inherit',
  });
  return Number(/^summary: (\d+)/m.exec(fs.readFileSync(out, 'utf8'))[1]);
}

const rows = ['opentelemetry', 'ours'].map((which) => {
  const perRequest = (instructions(which, ITERATIONS) - instructions(which, 0)) / ITERATIONS;
  return [which, perRequest];
});
const base = rows[0][1];
console.log('| propagators | instructions per request (extract + inject) | ratio |');
console.log('| --- | ---: | ---: |');
for (const [which, perRequest] of rows) {
  const label = which === 'ours' ? 'this module (level 2, Baggage per spec)' : 'OpenTelemetry JS W3C propagators';
  console.log(`| ${label} | ${(perRequest / 1000).toFixed(1)} k | ${(perRequest / base).toFixed(2)} |`);
}
