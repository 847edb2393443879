import { Attributes, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Why an unsampled local trace was exported after all. */
export type KeepReason = 'error' | 'slow';

/**
 * Attribute on every span of a trace exported after the fact: `"error"` when one of its spans
 * ended with ERROR, `"slow"` when its local root took longer than `keep.slowerThanMs`. Spans
 * the head sampler kept do not have it.
 */
export const ATTR_SAMPLING_KEPT = 'sampling.kept';

/**
 * The ended span as it is exported after the fact: with the attributes that waited for this
 * (see `DeferredAttributes`), marked with why, and flagged sampled, as the
 * export processors (and backends) expect of what they are given. Its trace flags were
 * "unsampled" while it ran, and that is what its callees were told.
 */
export function keptSpan(span: ReadableSpan, reason: KeepReason, deferred: Attributes): ReadableSpan {
  const original = span.spanContext();
  const context = { ...original, traceFlags: original.traceFlags | TraceFlags.SAMPLED };
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: { ...deferred, ...span.attributes, [ATTR_SAMPLING_KEPT]: reason },
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
