'use strict';
// Issue 5's targets, checked against the numbers of this run.
const { markdownTable } = require('./lib/stats');

const SETUP_LABEL = { none: 'no SDK', on: 'AlwaysOn + batch', off: 'AlwaysOff + batch', unsampled: 'unsampled parent' };

function targetsTable(results) {
  const rows = [];
  for (const t of results.micro?.targets ?? []) {
    rows.push([`@Traced overhead / hand-written overhead, ${t.mode}, ${SETUP_LABEL[t.setup]}`, '<= 1.00', t.ratio.toFixed(2), t.ratio <= 1 ? 'met' : 'missed']);
  }
  for (const r of results.http?.ratios ?? []) {
    const goal = r.config === 'ours' ? 0.95 : 0.98;
    const what = r.config === 'ours' ? 'AlwaysOn' : '1 % sampling';
    rows.push([`HTTP req/s ${what} / floor, ${r.platform}, Node ${r.node}`, `>= ${goal.toFixed(2)}`, r.floor.toFixed(2), r.floor >= goal ? 'met' : 'missed']);
    // The same ratio from server CPU time per request, which the load generator cannot skew.
    rows.push([`HTTP req per CPU-s ${what} / floor, ${r.platform}, Node ${r.node}`, `>= ${goal.toFixed(2)}`, r.floorByCpu.toFixed(2), r.floorByCpu >= goal ? 'met' : 'missed']);
  }
  for (const r of results.instructions?.ratios ?? []) {
    const goal = r.config === 'ours' ? 0.95 : 0.98;
    const what = r.config === 'ours' ? 'AlwaysOn' : '1 % sampling';
    rows.push([`HTTP req per instruction ${what} / floor, ${r.platform} (callgrind)`, `>= ${goal.toFixed(2)}`, r.floor.toFixed(2), r.floor >= goal ? 'met' : 'missed']);
  }
  const lead = (value) => [`>= 1.00`, value.toFixed(2), value >= 1 ? 'met' : 'missed'];
  if (results.grpc) rows.push(['gRPC calls/s ours / OTel instrumentation-grpc', ...lead(results.grpc.ratios.otelGrpc)]);
  if (results.instructions?.grpcVsOtel) rows.push(['gRPC calls per instruction ours / OTel instrumentation-grpc (callgrind)', ...lead(results.instructions.grpcVsOtel)]);
  if (results.fetchPg?.vsAuto) {
    const { rps, instructions } = results.fetchPg.vsAuto;
    if (Number.isFinite(rps)) rows.push(['HTTP + fetch + pg req/s ours / OTel auto-instrumentation', ...lead(rps)]);
    if (Number.isFinite(instructions)) rows.push(['HTTP + fetch + pg req per instruction ours / OTel auto-instrumentation (callgrind)', ...lead(instructions)]);
  }
  if (results.memory) {
    const { failed, growthMiB } = results.memory;
    rows.push(['exporter down: failed requests', '0', String(failed), failed === 0 ? 'met' : 'missed']);
    rows.push(['exporter down: RSS growth after warm-up', 'flat (< 10 MiB)', `${growthMiB.toFixed(1)} MiB`, growthMiB < 10 ? 'met' : 'missed']);
  }
  return `### Targets (issue 5)\n\n${markdownTable(['target', 'goal', 'this run', ''], rows)}`;
}

module.exports = { targetsTable };
