import type { IncomingHttpHeaders } from 'node:http';
import { Attributes, context, Context, ContextManager, createContextKey, propagation, ROOT_CONTEXT, Span, SpanOptions, trace, TraceFlags, Tracer } from '@opentelemetry/api';
import { incomingHeadersGetter } from './propagation/header-carrier';
import { PENDING_CHILDREN } from './sampling/pending-children.tracer';
import { PendingSpan } from './sampling/pending-span';
import type { SamplerTraits } from './sampling/build-sampler';
import type { RootSpanStarter } from './sampling/head-sampler';
import type { DeferredAttributes } from './sampling/deferred-attributes';
import type { SamplingCounters } from './sampling/sampling-counters';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './tracing.constants';

/**
 * Holds, in a request's context, the tracer of the app that received it when several Nest apps
 * share one process (each with its own `service.name`), so the spans it causes are that app's.
 */
export const APP_TRACER_KEY = createContextKey('nestjs-tracing app tracer');

/**
 * What every traced call needs, looked up once instead of through the API's globals on each
 * call: the tracer, the context manager, and whether children of an unsampled span are known
 * to be unsampled (parent-based sampling on a provider we built), so they can skip the span.
 */
class TracingRuntime {
  private cachedTracer: Tracer | undefined;
  private contextManager: ContextManager | undefined;
  /** True when a child of an unsampled parent is certainly unsampled. */
  parentBasedSampling = false;
  /** False when the sampler decides without the start attributes: they can wait for its answer. */
  samplerReadsAttributes = true;
  /** True once an app of this process traces with a tracer of its own (see APP_TRACER_KEY). */
  private appTracers = false;
  /** Our sampler, when it may decide a new trace before the SDK is asked for its span. */
  private rootStarter: RootSpanStarter | undefined;
  /** The sampling decisions counted, when the sampler is ours. */
  samplingStats: SamplingCounters | undefined;
  /** With `keep`: start attributes of unsampled spans wait here until their trace is kept. */
  private deferredAttributes: DeferredAttributes | undefined;
  /** True when the API's propagator is our W3C one (see `TracingSdk.ownsPropagator`). */
  private w3cPropagation = false;

  get tracer(): Tracer {
    return (this.cachedTracer ??= trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION));
  }

  /**
   * The tracer for work under `ctx`: its app's when apps of this process have their own; with
   * `keep`, one that records children of a pending (unsampled, recorded) span the same way.
   */
  tracerFor(ctx: Context): Tracer {
    // With keep, children of a recorded unsampled span are recorded like it, outside the SDK.
    if (this.deferredAttributes !== undefined && trace.getSpan(ctx) instanceof PendingSpan) return PENDING_CHILDREN;
    if (!this.appTracers) return this.tracer;
    return (ctx.getValue(APP_TRACER_KEY) as Tracer | undefined) ?? this.tracer;
  }

  /** `ctx` marked with `appTracer`, if the app has one of its own; see `tracerFor`. */
  withAppTracer(ctx: Context, appTracer: Tracer | undefined): Context {
    if (appTracer === undefined) return ctx;
    this.appTracers = true;
    return ctx.setValue(APP_TRACER_KEY, appTracer);
  }

  /**
   * The context an incoming HTTP request continues. With our W3C propagator, a request with
   * neither `traceparent` nor `baggage` (most requests) continues nothing: the propagator is
   * not asked, which costs more than the rest of an unsampled request's tracing.
   */
  extractIncoming(headers: IncomingHttpHeaders): Context {
    if (this.w3cPropagation && headers.traceparent === undefined && headers.baggage === undefined) return ROOT_CONTEXT;
    return propagation.extract(ROOT_CONTEXT, headers, incomingHeadersGetter);
  }

  /**
   * Starts a span under `parent`: an entry point's (a caller's context or none) or a traced
   * method's. A new trace is decided by our sampler before the SDK is asked, so an unsampled one
   * costs the SDK nothing.
   */
  startSpan(tracer: Tracer, name: string, options: SpanOptions, parent: Context): Span {
    if (this.rootStarter !== undefined && (parent === ROOT_CONTEXT || trace.getSpanContext(parent) === undefined)) {
      return this.rootStarter.startRoot(tracer, name, options, parent);
    }
    return tracer.startSpan(name, options, parent);
  }

  /**
   * Sets the start attributes `compute` gives on a recording span; on one that is recorded only
   * to be kept if it fails (`keep`), they are computed only if it is kept.
   */
  setStartAttributes<T>(span: Span, compute: (input: T) => Attributes, input: T): void {
    if (span instanceof PendingSpan) return span.deferStartAttributes(compute, input);
    const deferred = this.deferredAttributes;
    if (deferred !== undefined && (span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) {
      deferred.defer(span, () => compute(input));
    } else {
      span.setAttributes(compute(input));
    }
  }

  activeContext(): Context {
    return this.contextManager ? this.contextManager.active() : context.active();
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.contextManager
      ? this.contextManager.with(ctx, fn, thisArg, ...args)
      : context.with(ctx, fn, thisArg, ...args);
  }

  /** Called by the module once it knows the provider and context manager in use. */
  use(tracer: Tracer, contextManager: ContextManager | undefined, sampling: SamplerTraits, ownsPropagator = false): void {
    this.cachedTracer = tracer;
    this.w3cPropagation = ownsPropagator;
    this.contextManager = contextManager;
    this.parentBasedSampling = sampling.parentBased;
    this.samplerReadsAttributes = sampling.readsAttributes;
    this.rootStarter = sampling.rootStarter;
    this.samplingStats = sampling.stats;
    this.deferredAttributes = sampling.deferredAttributes;
  }

  /** Back to the API globals, e.g. after the module shut its provider down. */
  reset(): void {
    this.cachedTracer = undefined;
    this.contextManager = undefined;
    this.parentBasedSampling = false;
    this.samplerReadsAttributes = true;
    this.appTracers = false;
    this.rootStarter = undefined;
    this.samplingStats = undefined;
    this.deferredAttributes = undefined;
    this.w3cPropagation = false;
  }
}

export const tracingRuntime = new TracingRuntime();
