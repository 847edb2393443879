import { INVALID_SPANID, INVALID_TRACEID, SpanContext, trace } from '@opentelemetry/api';
import { tracingRuntime } from '../tracing.runtime';
import { logsRuntime } from './logs-runtime';

/** The active span's ids under OpenTelemetry's log field names. */
export interface TraceLogFields {
  trace_id: string;
  span_id: string;
  /** `01` when sampled, `00` when not. */
  trace_flags: string;
}

/** The context of the span active now, or undefined outside a span (or with correlation off). */
export function correlatedSpanContext(): SpanContext | undefined {
  if (!logsRuntime.correlation) return undefined;
  const spanContext = trace.getSpan(tracingRuntime.activeContext())?.spanContext();
  // Ids reach a context from the SDK or a propagator, which checked them: only the all-zero
  // placeholders are left to skip, without the API's regular expressions on every line.
  if (!spanContext || spanContext.traceId === INVALID_TRACEID || spanContext.spanId === INVALID_SPANID) return undefined;
  return spanContext;
}

export function traceFlagsText(spanContext: SpanContext): string {
  return spanContext.traceFlags < 16 ? `0${spanContext.traceFlags.toString(16)}` : spanContext.traceFlags.toString(16);
}

/**
 * The ids of the span active now, `{}` outside a span or with `logs.correlation: false`: what
 * to merge into a structured log line. pino's `pinoTracing()` uses it as its mixin.
 */
export function traceLogFields(): TraceLogFields | Record<string, never> {
  const spanContext = correlatedSpanContext();
  // A new object each time: pino's mixin merge writes the line's fields into it.
  if (!spanContext) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId, trace_flags: traceFlagsText(spanContext) };
}
