import type { Context, Tracer } from '@opentelemetry/api';
import { runEntryPoint } from '../../entry/entry-point';
import { tracingRuntime } from '../../tracing.runtime';
import type { ResolveInfoLike } from './graphql-shapes';
import { SUBSCRIPTION_EVENT } from './subscription-event.entry';

type Fn = (this: unknown, ...args: any[]) => unknown;

/** What Nest registers for a `@Subscription` field: `subscribe` once per client, `resolve` per event. */
export interface SubscriptionCallback {
  subscribe?: Fn;
  resolve?: Fn;
}

/** The context each subscription (its GraphQL context object) was made in. */
const subscribedIn = new WeakMap<object, Context>();

/** graphql-js's default field resolver: the event's property named after the field (called if a function). */
function defaultResolve(this: unknown, payload: unknown, args: unknown, context: unknown, info: ResolveInfoLike): unknown {
  if (payload === null || (typeof payload !== 'object' && typeof payload !== 'function')) return undefined;
  const value = (payload as Record<string, unknown>)[info.fieldName];
  return typeof value === 'function' ? Reflect.apply(value, payload, [args, context, info]) : value;
}

/**
 * Traces each event a `@Subscription` delivers: graphql-js calls the field's `resolve` once per
 * event with the event as its parent value, so the event's span wraps it (the app's own
 * `resolve`, or graphql-js's default). `subscribe` notes the context the client subscribed in.
 */
export function traceSubscription(callback: SubscriptionCallback, appTracer: Tracer | undefined): SubscriptionCallback {
  const subscribe = callback.subscribe;
  const resolve = callback.resolve ?? defaultResolve;
  return {
    ...callback,
    subscribe:
      subscribe &&
      function tracedSubscribe(this: unknown, ...args: unknown[]) {
        const context = args[2];
        if (context !== null && typeof context === 'object') subscribedIn.set(context, tracingRuntime.activeContext());
        return Reflect.apply(subscribe, this, args);
      },
    resolve: function tracedSubscriptionEvent(this: unknown, ...args: unknown[]) {
      const info = args[3] as ResolveInfoLike | undefined;
      const context = args[2];
      if (info?.fieldName === undefined) return Reflect.apply(resolve, this, args);
      const subscribed = context !== null && typeof context === 'object' ? subscribedIn.get(context) : undefined;
      return runEntryPoint(SUBSCRIPTION_EVENT, { info, subscribed }, appTracer, resolve, this, args);
    },
  };
}
