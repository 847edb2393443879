'use strict';
// Micro part: one worker process per SDK setup, then one table per mode (async, sync).
const path = require('node:path');
const { runJson } = require('../lib/child');
const { median, spread, markdownTable } = require('../lib/stats');

const SETUPS = [
  ['none', 'no SDK'],
  ['on', 'AlwaysOn + batch'],
  ['off', 'AlwaysOff + batch'],
  ['unsampled', 'unsampled parent'],
  ['1pct', '1 % (each call a new trace)'],
  ['1pct-keep', '1 % + keep errors'],
  ['adaptive', 'adaptive 10/s'],
];
const ALTERNATIVES = ['api', 'nestjs-otel'];

function cellOf(run, variant, mode) {
  return run.cells.find((c) => c.variant === variant && c.mode === mode);
}

/** Per setup and variant: median ns/call and the median overhead over plain. */
function summarize(run, mode) {
  const plain = median(cellOf(run, 'plain', mode).rounds);
  const out = {};
  for (const cell of run.cells.filter((c) => c.mode === mode)) {
    const ns = median(cell.rounds);
    out[cell.variant] = { label: cell.label, ns, overhead: ns - plain, spread: spread(cell.rounds) };
  }
  return out;
}

function tableFor(runs, mode) {
  const sums = runs.map((run) => summarize(run, mode));
  const variants = Object.keys(sums[0]);
  const rows = variants.map((variant) => [
    sums[0][variant].label,
    ...sums.map((sum) => {
      const { ns, overhead } = sum[variant];
      if (variant === 'plain') return ns.toFixed(0);
      return `${ns.toFixed(0)} (+${overhead.toFixed(0)}, ${(overhead / sum.api.overhead).toFixed(2)}x)`;
    }),
  ]);
  const bestAlternative = sums.map((sum) => Math.min(...ALTERNATIVES.map((a) => sum[a].overhead)));
  rows.push(['ours: overhead / best alternative', ...sums.map((sum, i) => (sum.ours.overhead / bestAlternative[i]).toFixed(2))]);
  rows.push(['worst spread (max-min)/median, traced', ...sums.map((sum) => `${(Math.max(...variants.filter((v) => v !== 'plain').map((v) => sum[v].spread)) * 100).toFixed(0)}%`)]);
  const headers = ['variant', ...runs.map((run) => SETUPS.find(([name]) => name === run.setup)[1])];
  return { table: markdownTable(headers, rows), sums };
}

async function runMicro({ quick, nodeBinary = process.execPath, log }) {
  const runs = [];
  for (const [setup] of SETUPS) {
    log(`micro: ${setup}`);
    runs.push(await runJson(nodeBinary, [path.join(__dirname, 'worker.js'), setup, ...(quick ? ['--quick'] : [])]));
  }
  const parts = [];
  const targets = [];
  for (const mode of ['async', 'sync']) {
    const { table, sums } = tableFor(runs, mode);
    const title = mode === 'async' ? '`async getUser(id)`' : '`getUserSync(id)`';
    parts.push(`### Micro: ${title}, Node ${runs[0].node}\n\nns/call, median of ${runs[0].rounds} interleaved rounds ` +
      `(+ overhead over the plain method, overhead as a multiple of the hand-written call's)\n\n${table}`);
    sums.forEach((sum, i) => targets.push({ mode, setup: runs[i].setup, ratio: sum.ours.overhead / sum.api.overhead }));
  }
  const spans = runs.map((r) => `${r.setup}: ${r.spansExported === null ? '-' : `${r.spansExported}/${r.tracedCalls}`}`).join(', ');
  parts.push(`spans exported / traced calls: ${spans}`);
  return { markdown: parts.join('\n\n'), targets, runs };
}

module.exports = { runMicro };
