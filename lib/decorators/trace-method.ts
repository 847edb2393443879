import { INVALID_TRACEID, Span, SpanKind, SpanOptions, TraceFlags, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { contextWithSpan } from '../context/linked-context';
import { UnsampledRootSpan } from '../sampling/unsampled-root.span';
import { TRACED_METHOD } from '../tracing.constants';
import { tracingRuntime } from '../tracing.runtime';
import type { ArgumentsToAttributes } from './arguments-to-attributes';
import { copyFunctionIdentity } from './copy-function-identity';
import { runInSpan } from './run-in-span';
import type { TracedOptions } from './traced-options';

type Method = (this: unknown, ...args: any[]) => unknown;

/**
 * True when the active span is a valid, unsampled one and our own parent-based sampler is in
 * charge: its children are unsampled too, so a traced call needs neither a span nor a context.
 */
export function insideUnsampledTrace(parent: Context): boolean {
  if (!tracingRuntime.parentBasedSampling) return false;
  const parentSpan: Span | undefined = trace.getSpan(parent);
  if (parentSpan === undefined) return false;
  // Its ids are made only if read: no need to here.
  if (parentSpan instanceof UnsampledRootSpan) return true;
  const spanContext = parentSpan.spanContext();
  return (spanContext.traceFlags & TraceFlags.SAMPLED) === 0 && spanContext.traceId !== INVALID_TRACEID;
}

/** Wraps `original` so each call runs in a span named `spanName`; see `runInSpan`. */
export function traceMethod(
  original: Method,
  spanName: string,
  options: TracedOptions,
  argumentsToAttributes: ArgumentsToAttributes | undefined,
): Method {
  // One object of one shape for every call; dynamic attributes are set only when recording.
  const spanOptions: SpanOptions = { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes };
  const traced = function (this: unknown): unknown {
    const parent = tracingRuntime.activeContext();
    if (insideUnsampledTrace(parent)) return original.apply(this, arguments as unknown as unknown[]);
    const span = tracingRuntime.startSpan(tracingRuntime.tracerFor(parent), spanName, spanOptions, parent);
    if (argumentsToAttributes !== undefined && span.isRecording()) {
      span.setAttributes(argumentsToAttributes(arguments));
    }
    return runInSpan(span, contextWithSpan(parent, span), original, this, arguments);
  };
  copyFunctionIdentity(original, traced);
  Object.defineProperty(traced, TRACED_METHOD, { value: original });
  return traced;
}

/** Whether `fn` is already a traced wrapper (a method-level `@Traced` wins over the class's). */
export function isTracedMethod(fn: unknown): boolean {
  return typeof fn === 'function' && Object.prototype.hasOwnProperty.call(fn, TRACED_METHOD);
}
