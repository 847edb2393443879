import { Injectable } from '@nestjs/common';
import {
  Attributes,
  AttributeValue,
  Context,
  propagation,
  Span,
  SpanOptions,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { runInSpan } from './decorators/run-in-span';
import { errorMessage, markErrorByHand } from './decorators/span-outcome';
import type { SamplingStats } from './sampling/sampling-counters';
import { tracingRuntime } from './tracing.runtime';
import { contextWithSpan } from './context/linked-context';

/** A string map such as HTTP headers or a message's metadata. */
export type TextCarrier = Record<string, string | string[] | undefined>;

/**
 * The current span and trace for business code: events, attributes, errors and status on the
 * active span, manual child spans, and context propagation by hand. Every method is safe to
 * call outside a span: it does nothing and throws nothing.
 */
@Injectable()
export class TraceService {
  /** The active span, if any. */
  get currentSpan(): Span | undefined {
    return trace.getSpan(tracingRuntime.activeContext());
  }

  /** The active trace id (32 hex digits), if a span is active. */
  get traceId(): string | undefined {
    return this.currentSpan?.spanContext().traceId;
  }

  /** The active span id (16 hex digits), if a span is active. */
  get spanId(): string | undefined {
    return this.currentSpan?.spanContext().spanId;
  }

  /**
   * What the sampler decided since the module started (new traces sampled and dropped, traces
   * kept after an error or for being slow, traces the keep buffer had to drop), as a copy.
   * Undefined when the sampler is not the module's own (a `Sampler` passed in, a host provider).
   */
  get samplingStats(): SamplingStats | undefined {
    return tracingRuntime.samplingStats?.snapshot();
  }

  addEvent(name: string, attributes?: Attributes): void {
    this.currentSpan?.addEvent(name, attributes);
  }

  setAttribute(key: string, value: AttributeValue): void {
    this.currentSpan?.setAttribute(key, value);
  }

  setAttributes(attributes: Attributes): void {
    this.currentSpan?.setAttributes(attributes);
  }

  /**
   * Records `error` as an `exception` event and marks the span ERROR with `message`. When the
   * same error is then thrown out of the span, it is not recorded again and `message` stays.
   */
  recordError(error: unknown, message = errorMessage(error)): void {
    const span = this.currentSpan;
    if (span) markErrorByHand(span, error, message);
  }

  setStatus(code: SpanStatusCode, message?: string): void {
    this.currentSpan?.setStatus({ code, message });
  }

  /**
   * Runs `fn` in a new child span that ends when `fn`'s work ends (value, Promise, Observable or
   * async iterator). A thrown or rejected error is recorded and rethrown unchanged.
   */
  withSpan<T>(name: string, fn: (span: Span) => T, options: SpanOptions = {}): T {
    const parent = tracingRuntime.activeContext();
    const span = tracingRuntime.tracerFor(parent).startSpan(name, options, parent);
    return runInSpan(span, contextWithSpan(parent, span), fn, undefined, [span]);
  }

  /**
   * As the OpenTelemetry API's `tracer.startActiveSpan`: runs `fn(span)` with a new child span
   * active and returns what `fn` returns; `fn` ends the span. `withSpan` ends it for you.
   */
  startActiveSpan<T>(name: string, fn: (span: Span) => T, options: SpanOptions = {}): T {
    const parent = tracingRuntime.activeContext();
    const span = tracingRuntime.tracerFor(parent).startSpan(name, options, parent);
    return tracingRuntime.with(contextWithSpan(parent, span), fn, undefined, span);
  }

  /** Starts a child span of the active one that the caller must `end()`; it is not made active. */
  startSpan(name: string, options: SpanOptions = {}): Span {
    const parent = tracingRuntime.activeContext();
    return tracingRuntime.tracerFor(parent).startSpan(name, options, parent);
  }

  /** Writes `traceparent`, `tracestate` and `baggage` of the active (or given) context into `carrier`. */
  inject<C extends TextCarrier>(carrier: C, ctx: Context = tracingRuntime.activeContext()): C {
    propagation.inject(ctx, carrier);
    return carrier;
  }

  /** Reads a context from `carrier`; a malformed `traceparent` yields a context without a parent. */
  extract(carrier: TextCarrier, ctx: Context = tracingRuntime.activeContext()): Context {
    return propagation.extract(ctx, carrier);
  }

  /** Runs `fn` with `ctx` active, e.g. a context returned by `extract`. */
  withContext<T>(ctx: Context, fn: () => T): T {
    return tracingRuntime.with(ctx, fn);
  }
}
