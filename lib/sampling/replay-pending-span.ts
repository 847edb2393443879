import { Attributes, HrTime, ROOT_CONTEXT, TimeInput, trace, TraceFlags } from '@opentelemetry/api';
import { hrTime, hrTimeDuration, hrTimeToMilliseconds, timeInputToHrTime } from '@opentelemetry/core';
import { reportOnce } from '../diagnostics';
import { ATTR_SAMPLING_KEPT, KeepReason } from './kept-span';
import type { PendingSpan } from './pending-span';

/** Starts the SDK's span for a trace kept after the fact, with the ids it was given. */
export interface DecidedSpanStarter {
  startDecided<T>(traceId: string, spanId: string, start: () => T): T;
}

function timeOf(given: TimeInput | undefined, at: number): HrTime {
  return given === undefined ? hrTime(at) : timeInputToHrTime(given);
}

/** How long a pending span lasted, in milliseconds. */
export function pendingDurationMs(span: PendingSpan): number {
  if (span.startTime === undefined && span.endTime === undefined) return span.endedAt - span.startedAt;
  return hrTimeToMilliseconds(hrTimeDuration(timeOf(span.startTime, span.startedAt), timeOf(span.endTime, span.endedAt)));
}

/** The start attributes that waited for the trace to be kept; none if computing them fails. */
function startAttributesOf(pending: PendingSpan): Attributes | undefined {
  try {
    return pending.takeStartAttributes();
  } catch (error) {
    reportOnce('deferred-attributes', 'computing the attributes of a span kept after the fact failed; it is exported without them', error);
    return undefined;
  }
}

/**
 * Starts and ends, through the SDK (so with the span limits, resource and processors of the
 * app's tracer), the span `pending` recorded, in a trace kept for `reason`: same ids, parent,
 * name, kind, links, times, attributes (the deferred start ones first), events and status,
 * flagged sampled and marked `sampling.kept`.
 */
export function replayPendingSpan(pending: PendingSpan, reason: KeepReason, starter: DecidedSpanStarter): void {
  const { traceId, spanId } = pending.spanContext();
  const parent =
    pending.parent === undefined
      ? ROOT_CONTEXT
      : trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: pending.parent.spanContext().spanId, traceFlags: TraceFlags.SAMPLED });
  const attributes = { ...startAttributesOf(pending), ...pending.attributes, [ATTR_SAMPLING_KEPT]: reason };
  const options = { kind: pending.kind, links: pending.links, attributes, startTime: timeOf(pending.startTime, pending.startedAt) };
  const span = starter.startDecided(traceId, spanId, () => pending.tracer.startSpan(pending.name, options, parent));
  for (const event of pending.events ?? []) {
    const time = timeOf(event.time, event.at);
    if (event.exception !== undefined) span.recordException(event.exception, time);
    else span.addEvent(event.name, event.attributes, time);
  }
  if (pending.status !== undefined) span.setStatus(pending.status);
  span.end(timeOf(pending.endTime, pending.endedAt));
}
