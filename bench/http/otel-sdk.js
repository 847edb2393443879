'use strict';
// The SDK the non-module configs run on: what a user of OpenTelemetry's own packages would
// register (BasicTracerProvider, batch processor, AsyncLocalStorage context manager, W3C
// propagators), with an exporter that only counts.
const { context, propagation, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } = require('@opentelemetry/sdk-trace-base');
const { CountingExporter } = require('../lib/counting-exporter');

function registerOtelSdk() {
  const exporter = new CountingExporter();
  const provider = new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  return { exporter, flush: () => provider.forceFlush() };
}

module.exports = { registerOtelSdk };
