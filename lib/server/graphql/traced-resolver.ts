import { Context, createContextKey, Span } from '@opentelemetry/api';
import { isObservable } from 'rxjs';
import { copyFunctionIdentity } from '../../decorators/copy-function-identity';
import { isThenable, runInSpan } from '../../decorators/run-in-span';
import { insideUnsampledTrace } from '../../decorators/trace-method';
import { reportOnce } from '../../diagnostics';
import { tracingRuntime } from '../../tracing.runtime';
import type { ResolveInfoLike } from './graphql-shapes';
import { hasParentSpan, startResolverSpan } from './resolver-span';

type Fn = (this: unknown, ...args: any[]) => unknown;

/** Which resolvers get a span; see `GraphqlTracingOptions.resolverSpans`. */
export type ResolverSpanMode = 'async' | 'all' | 'none';

/** A call of a resolver not yet known to be sync or async: its info and start, for its method. */
interface PendingCall {
  owner: TracedResolver;
  info: ResolveInfoLike;
  startTime: number;
}

const PENDING_CALL = createContextKey('nestjs-tracing graphql pending resolver call');

const now = (): number => performance.timeOrigin + performance.now();

/**
 * The span of one Nest resolver (a `@Query`, `@Mutation` or `@ResolveField` method), in two
 * parts: `wrapCallback` wraps what Nest registers in the schema (called with graphql-js's
 * `(parent, args, context, info)`, before guards and pipes), `wrapMethod` the user's method
 * (called with what the parameter decorators give, after them). Only the method's return
 * value tells whether it does async work, so in `'async'` mode each resolver learns it on its
 * first calls: those run untraced until the method returns, and get a span from their start
 * only if it returned a Promise or an Observable; later calls of an async resolver get their
 * span up front (with the resolver's own calls inside), a sync one none at all.
 */
export class TracedResolver {
  private kind: 'unknown' | 'sync' | 'async';

  constructor(
    /** The user's method: an `async` one is known to do async work before its first call. */
    method: Fn,
    private readonly mode: ResolverSpanMode,
    /** Called by root resolvers with the operation's context and info. */
    private readonly onRootCall: ((context: unknown, info: ResolveInfoLike | undefined) => void) | undefined,
  ) {
    this.kind = method.constructor?.name === 'AsyncFunction' ? 'async' : 'unknown';
  }

  wrapCallback(callback: Fn): Fn {
    const resolver = this;
    return function tracedResolverCallback(this: unknown, ...args: unknown[]): unknown {
      let started: { span: Span; ctx: Context } | undefined;
      let pendingContext: Context | undefined;
      try {
        ({ started, pendingContext } = resolver.enter(args));
      } catch (error) {
        reportOnce('graphql-resolver-span', 'starting a GraphQL resolver span failed; the resolver runs untraced', error);
      }
      if (started !== undefined) return runInSpan(started.span, started.ctx, callback, this, args);
      if (pendingContext !== undefined) return tracingRuntime.with(pendingContext, () => Reflect.apply(callback, this, args));
      return Reflect.apply(callback, this, args);
    };
  }

  /**
   * For one call with graphql-js's arguments: notes a root field's operation, then starts the
   * span (known async, or `'all'`), or marks the call pending (not known yet), or neither.
   */
  private enter(args: unknown[]): { started?: { span: Span; ctx: Context }; pendingContext?: Context } {
    const info = args[3] as ResolveInfoLike | undefined;
    if (info?.path === undefined) return {};
    if (info.path.prev === undefined) this.onRootCall?.(args[2], info);
    if (this.mode === 'none' || this.kind === 'sync') return {};
    const parent = tracingRuntime.activeContext();
    if (!hasParentSpan(parent) || insideUnsampledTrace(parent)) return {};
    if (this.mode === 'all' || this.kind === 'async') return { started: startResolverSpan(parent, info) };
    const pending: PendingCall = { owner: this, info, startTime: now() };
    return { pendingContext: parent.setValue(PENDING_CALL, pending) };
  }

  wrapMethod(method: Fn): Fn {
    const resolver = this;
    const traced = function tracedResolverMethod(this: unknown, ...args: unknown[]): unknown {
      const ctx = tracingRuntime.activeContext();
      const pending = ctx.getValue(PENDING_CALL) as PendingCall | undefined;
      if (pending?.owner !== resolver) return Reflect.apply(method, this, args);
      const result = Reflect.apply(method, this, args);
      if (isThenable(result) || isObservable(result)) {
        resolver.kind = 'async';
        let started: { span: Span; ctx: Context };
        try {
          started = startResolverSpan(ctx.deleteValue(PENDING_CALL), pending.info, pending.startTime);
        } catch (error) {
          reportOnce('graphql-resolver-span', 'starting a GraphQL resolver span failed; the resolver runs untraced', error);
          return result;
        }
        return runInSpan(started.span, started.ctx, () => result, undefined, []);
      }
      if (resolver.kind === 'unknown') resolver.kind = 'sync';
      return result;
    };
    copyFunctionIdentity(method, traced);
    return traced;
  }
}
