import { Context, context, Span, SpanOptions, trace, Tracer } from '@opentelemetry/api';
import { PendingSpan } from './pending-span';

type ActiveSpanCallback = (span: Span) => unknown;

/**
 * The tracer for children of a `PendingSpan` (`tracingRuntime.tracerFor` hands it out): a
 * child of a recording one is recorded the same way, in the same local trace. Anything else
 * (a parent that already ended, a span asked to be a new root) is left to the parent's tracer,
 * as the SDK would do it.
 */
class PendingChildrenTracer implements Tracer {
  startSpan(name: string, options: SpanOptions = {}, ctx: Context = context.active()): Span {
    const parent = trace.getSpan(ctx);
    if (parent instanceof PendingSpan) {
      if (parent.isRecording() && options.root !== true) return parent.startChild(name, options);
      return parent.tracer.startSpan(name, options, ctx);
    }
    return trace.getTracer('nestjs-tracing').startSpan(name, options, ctx);
  }

  startActiveSpan(name: string, ...rest: unknown[]): unknown {
    const fn = rest[rest.length - 1] as ActiveSpanCallback;
    const options = (rest.length > 1 ? rest[0] : {}) as SpanOptions;
    const parent = (rest.length > 2 ? rest[1] : context.active()) as Context;
    const span = this.startSpan(name, options, parent);
    return context.with(trace.setSpan(parent, span), fn, undefined, span);
  }
}

export const PENDING_CHILDREN = new PendingChildrenTracer() as Tracer;
