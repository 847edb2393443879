'use strict';
// The SDK the non-module configs run on: what a user of OpenTelemetry's own packages would
// register (BasicTracerProvider, batch processor, AsyncLocalStorage context manager, W3C
// propagators), with an exporter that only counts.
const { context, createContextKey, propagation, ROOT_CONTEXT, trace } = require('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } = require('@opentelemetry/core');
const { AlwaysOnSampler, BasicTracerProvider, BatchSpanProcessor, ParentBasedSampler } = require('@opentelemetry/sdk-trace-base');
const { CountingExporter } = require('../lib/counting-exporter');

/** Registers the SDK; returns the config hooks that flush it and count what it exported. */
function registerOtelSdk() {
  const exporter = new CountingExporter();
  const provider = new BasicTracerProvider({
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  return { flush: () => provider.forceFlush(), spans: () => exporter.exported };
}

const FLOOR_KEY = createContextKey('bench floor');

/**
 * The floor every AsyncLocalStorage tracer pays: the SDK registered and one context entered per
 * request or call, no spans. `hooks(enterFloor)` places `enterFloor(value, fn)` where the
 * config's traced counterpart starts its span.
 */
function floorConfig(unit, hooks) {
  return {
    name: 'floor',
    label: `floor: SDK + context.with per ${unit}, no spans`,
    setup() {
      const enterFloor = (value, fn) => context.with(ROOT_CONTEXT.setValue(FLOOR_KEY, value), fn);
      return { ...registerOtelSdk(), ...hooks(enterFloor) };
    },
  };
}

module.exports = { registerOtelSdk, floorConfig };
