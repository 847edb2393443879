'use strict';
// The trace viewer's cost (`--only=viewer`): what its span processor adds to each span that ends
// (the store's add, evicting the oldest trace when each span starts a new one, or capping a
// trace past maxSpansPerTrace), and what the JSON API costs per request with a full store.
// In-process, on real SDK spans made once. Off, the viewer installs nothing: no cost to measure.
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
const { ROOT_CONTEXT, trace } = require('@opentelemetry/api');
const { DIST } = require('../lib/paths');
const { median, markdownTable } = require('../lib/stats');

const load = (file) => require(`${DIST}/lib/${file}`);

/** `count` finished SDK spans: each its own trace, or all children of one root. */
function makeSpans(count, oneTrace) {
  const tracer = new BasicTracerProvider().getTracer('bench');
  const root = tracer.startSpan('POST /orders');
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  const spans = [];
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan('SELECT order_items', { attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM order_items WHERE id = ?' } }, oneTrace ? parent : ROOT_CONTEXT);
    span.end();
    spans.push(span);
  }
  return spans;
}

/** ns per call of `fn(i)` over `n` calls, median of `rounds`. */
function nsPer(n, rounds, fn) {
  const results = [];
  for (let round = 0; round < rounds + 1; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    const ns = Number(process.hrtime.bigint() - start) / n;
    if (round > 0) results.push(ns); // the first round warms up
  }
  return median(results);
}

async function runViewer({ quick, log }) {
  log('viewer: span processor and JSON API');
  const { TraceStore } = load('viewer/trace-store');
  const { ViewerSpanProcessor } = load('sdk/viewer-span.processor');
  const { summarizeTrace, traceToJson } = load('viewer/trace-json');
  const rounds = quick ? 3 : 9;
  const n = quick ? 20_000 : 200_000;
  const separate = makeSpans(10_000, false);
  const together = makeSpans(10_000, true);

  const evicting = new ViewerSpanProcessor(new TraceStore(100, 500));
  const newTrace = nsPer(n, rounds, (i) => evicting.onEnd(separate[i % separate.length]));
  const capped = new ViewerSpanProcessor(new TraceStore(100, 500));
  const oneTrace = nsPer(n, rounds, (i) => capped.onEnd(together[i % together.length]));

  // A full store as the defaults allow for small requests: 100 traces of 10 spans, and one of 500.
  const full = new TraceStore(100, 500);
  for (let t = 0; t < 100; t++) for (const span of makeSpans(10, true)) full.add(span);
  const list = nsPer(quick ? 50 : 500, rounds, () => JSON.stringify(full.all().map(summarizeTrace)));
  const big = new TraceStore(1, 500);
  for (const span of together.slice(0, 500)) big.add(span);
  const detail = nsPer(quick ? 20 : 200, rounds, () => JSON.stringify(traceToJson(big.all()[0])));

  const rows = [
    ['a span ends, starting a new trace (the oldest evicted)', `${newTrace.toFixed(0)} ns`],
    ['a span ends in a trace already held (kept, or counted past the cap)', `${oneTrace.toFixed(0)} ns`],
    ['`GET <path>/api/traces`, 100 traces of 10 spans held (summaries + JSON)', `${(list / 1000).toFixed(0)} µs`],
    ['`GET <path>/api/traces/:id`, a trace of 500 spans (self times + JSON)', `${(detail / 1000).toFixed(0)} µs`],
    ['viewer off', 'nothing installed: no processor, no store, no listener'],
  ];
  const markdown = `### Trace viewer, Node ${process.version}\n\nIn-process on real SDK spans, median of ${rounds} rounds\n\n${markdownTable(['', 'cost'], rows)}`;
  return { markdown, newTrace, oneTrace, list, detail };
}

module.exports = { runViewer };
