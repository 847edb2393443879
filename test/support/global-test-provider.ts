import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TestSpanExporter } from '../../lib/testing/test-span-exporter';
import { tracingRuntime } from '../../lib/tracing.runtime';

/**
 * For unit specs without a Nest app: registers a provider that exports each span at once to the
 * returned exporter, an AsyncLocalStorage context manager and the W3C propagators for the whole
 * file, and empties the exporter before each test.
 */
export function useGlobalTestProvider(): TestSpanExporter {
  const exporter = new TestSpanExporter();
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
  });
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
    tracingRuntime.reset();
  });
  beforeEach(() => exporter.reset());
  return exporter;
}
