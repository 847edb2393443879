'use strict';
// One propagator, `iterations` times: extract the headers of an incoming request that carries
// a sampled traceparent, a tracestate and a baggage, then inject into an outgoing carrier.
// Run under callgrind by run.js; with 0 iterations it measures the process's own startup.
const { ROOT_CONTEXT, trace, TraceFlags } = require('@opentelemetry/api');
const core = require('@opentelemetry/core');
const path = require('node:path');

const [which, iterationsArg] = process.argv.slice(2);
const iterations = Number(iterationsArg);
const dist = process.env.BENCH_DIST ?? path.join(__dirname, '..', '..', 'dist');

function propagator() {
  if (which === 'opentelemetry') {
    return new core.CompositePropagator({ propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()] });
  }
  return require(path.join(dist, 'lib', 'sdk', 'w3c-propagators.js')).w3cPropagator(true);
}

const HEADERS = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
  baggage: 'userId=alice,serverNode=DF%2028,isProduction=false',
};
const getter = { keys: (carrier) => Object.keys(carrier), get: (carrier, key) => carrier[key] };
const setter = { set: (carrier, key, value) => (carrier[key] = value) };

const w3c = propagator();
const child = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
let sink = 0;
for (let index = 0; index < iterations; index += 1) {
  const extracted = w3c.extract(ROOT_CONTEXT, HEADERS, getter);
  const remote = trace.getSpanContext(extracted);
  const out = {};
  w3c.inject(trace.setSpanContext(extracted, { ...child, traceState: remote.traceState }), out, setter);
  sink += out.traceparent.length + (out.tracestate ?? '').length + (out.baggage ?? '').length;
}
if (iterations > 0 && sink === 0) throw new Error('nothing propagated');
