import type { Attributes, HrTime, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';

/**
 * What the viewer reads of a finished span: the SDK's `ReadableSpan` has all of it, so the
 * store holds the SDK's spans as they are (no copy on the hot path) without importing the SDK.
 */
export interface ViewerSpan {
  readonly name: string;
  readonly kind: SpanKind;
  spanContext(): SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly duration: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly events: readonly { name: string; time: HrTime; attributes?: Attributes }[];
  readonly resource: { readonly attributes: Attributes };
}

/** Milliseconds (with fractions) of an OpenTelemetry `[seconds, nanoseconds]` time. */
export function hrTimeToMillis([seconds, nanos]: HrTime): number {
  return seconds * 1000 + nanos / 1e6;
}
