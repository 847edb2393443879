export { TestSpanExporter } from './test-span-exporter';
export type { SpanMatcher, SpanQuery } from './span-query';
export { TracingTestingModule } from './tracing-testing.module';
export type { TracingTestingOptions } from './tracing-testing.module';
export { useTestTracing } from './use-test-tracing';
export type { TestTracing } from './use-test-tracing';
// The span types a test reads, so tests need not import the SDK or the API themselves.
export type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
export type { Attributes, HrTime, Link, SpanContext, SpanStatus } from '@opentelemetry/api';
export { SpanKind, SpanStatusCode } from '@opentelemetry/api';
