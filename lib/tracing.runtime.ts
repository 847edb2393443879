import { context, Context, ContextManager, trace, Tracer } from '@opentelemetry/api';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from './tracing.constants';

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

  get tracer(): Tracer {
    return (this.cachedTracer ??= trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION));
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
  use(tracer: Tracer, contextManager: ContextManager | undefined, parentBasedSampling: boolean): void {
    this.cachedTracer = tracer;
    this.contextManager = contextManager;
    this.parentBasedSampling = parentBasedSampling;
  }

  /** Back to the API globals, e.g. after the module shut its provider down. */
  reset(): void {
    this.cachedTracer = undefined;
    this.contextManager = undefined;
    this.parentBasedSampling = false;
  }
}

export const tracingRuntime = new TracingRuntime();
