import { context, Context, ContextManager, createContextKey, trace, Tracer } from '@opentelemetry/api';
import type { SamplerTraits } from './sampling/build-sampler';
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

  get tracer(): Tracer {
    return (this.cachedTracer ??= trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION));
  }

  /** The tracer for work under `ctx`: its app's when apps of this process have their own. */
  tracerFor(ctx: Context): Tracer {
    if (!this.appTracers) return this.tracer;
    return (ctx.getValue(APP_TRACER_KEY) as Tracer | undefined) ?? this.tracer;
  }

  /** `ctx` marked with `appTracer`, if the app has one of its own; see `tracerFor`. */
  withAppTracer(ctx: Context, appTracer: Tracer | undefined): Context {
    if (appTracer === undefined) return ctx;
    this.appTracers = true;
    return ctx.setValue(APP_TRACER_KEY, appTracer);
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
  use(tracer: Tracer, contextManager: ContextManager | undefined, sampling: SamplerTraits): void {
    this.cachedTracer = tracer;
    this.contextManager = contextManager;
    this.parentBasedSampling = sampling.parentBased;
    this.samplerReadsAttributes = sampling.readsAttributes;
  }

  /** Back to the API globals, e.g. after the module shut its provider down. */
  reset(): void {
    this.cachedTracer = undefined;
    this.contextManager = undefined;
    this.parentBasedSampling = false;
    this.samplerReadsAttributes = true;
    this.appTracers = false;
  }
}

export const tracingRuntime = new TracingRuntime();
