import type { Tracer } from '@opentelemetry/api';
import { isTracedMethod } from '../../decorators/trace-method';
import { reportOnce } from '../../diagnostics';
import type { ResolverMetadataLike } from './graphql-shapes';
import { ResolverSpanMode, TracedResolver } from './traced-resolver';
import { SubscriptionCallback, traceSubscription } from './traced-subscription';

type Fn = (this: unknown, ...args: any[]) => unknown;

/** `ResolversExplorerService.createContextCallback(instance, prototype, wrapper, moduleRef, resolver, isRequestScoped, transform)`. */
type CreateContextCallback = (this: ExplorerLike, ...args: unknown[]) => unknown;

interface ExplorerLike {
  modulesContainer?: object;
}

export interface ResolversExplorerLike {
  prototype: { createContextCallback?: CreateContextCallback; createSubscriptionMetadata?: (this: ExplorerLike, ...args: unknown[]) => unknown };
}

/** How one app traces its resolvers. */
export interface ResolverTracing {
  mode: ResolverSpanMode;
  /** The app's own tracer, when it shares the process with other apps. */
  appTracer: Tracer | undefined;
  onRootCall(context: unknown, info: unknown): void;
}

const MARKER = Symbol.for('nestjs-tracing.graphql-resolvers');
const SUBSCRIPTION = 'Subscription';

/** Each app's resolver tracing, found from the explorer through the app's modules container. */
const tracingByApp = new WeakMap<object, ResolverTracing>();

function traced(resolver: ResolverMetadataLike, method: unknown, tracing: ResolverTracing): TracedResolver | undefined {
  if (resolver.type === SUBSCRIPTION || typeof method !== 'function') return undefined;
  // A `@Traced` resolver has its own span: only its operation is noted.
  const mode = isTracedMethod(method) ? 'none' : tracing.mode;
  return new TracedResolver(method as Fn, mode, (context, info) => tracing.onRootCall(context, info));
}

/**
 * Makes Nest's own registration of resolvers (`ResolversExplorerService.createContextCallback`,
 * which builds the function the schema calls for each `@Query`, `@Mutation` and
 * `@ResolveField`) register a traced one: the callback Nest builds is wrapped, and the user's
 * method Nest calls inside it, through a view of the resolver's prototype (the class itself is
 * left as it is, its metadata readable whatever the decorators' order). Installed once per
 * process; each app's modules container says how that app traces.
 */
export function traceResolverRegistration(explorer: ResolversExplorerLike, modulesContainer: object, tracing: ResolverTracing): () => void {
  tracingByApp.set(modulesContainer, tracing);
  const prototype = explorer.prototype as ResolversExplorerLike['prototype'] & { [MARKER]?: true };
  const original = prototype.createContextCallback;
  if (typeof original !== 'function') {
    reportOnce('graphql-resolvers', 'this @nestjs/graphql has no ResolversExplorerService.createContextCallback: resolvers get no spans');
  } else if (!prototype[MARKER]) {
    prototype.createContextCallback = function tracedCreateContextCallback(this: ExplorerLike, ...args: unknown[]) {
      const [instance, resolverPrototype, wrapper, moduleRef, resolver, isRequestScoped, transform] = args as [
        unknown,
        Record<string, unknown>,
        unknown,
        unknown,
        ResolverMetadataLike,
        unknown,
        ((method: Fn) => Fn) | undefined,
      ];
      let plan: TracedResolver | undefined;
      let view: object | undefined;
      let transformTraced: ((fn: Fn) => Fn) | undefined;
      try {
        const tracing = this.modulesContainer && tracingByApp.get(this.modulesContainer);
        plan = tracing ? traced(resolver, resolverPrototype[resolver.methodName], tracing) : undefined;
        if (plan !== undefined) {
          const chosen = plan;
          const method = chosen.wrapMethod(resolverPrototype[resolver.methodName] as Fn);
          view = Object.create(resolverPrototype, { [resolver.methodName]: { value: method, configurable: true, writable: true } });
          // Request-scoped resolvers call the method of a fresh instance, handed through `transform`.
          transformTraced = (fn: Fn) => chosen.wrapMethod(transform ? transform(fn) : fn);
        }
      } catch (error) {
        plan = undefined;
        reportOnce('graphql-resolver-wrap', 'tracing a GraphQL resolver failed; it runs untraced', error);
      }
      if (plan === undefined) return Reflect.apply(original, this, args);
      const callback = Reflect.apply(original, this, [instance, view, wrapper, moduleRef, resolver, isRequestScoped, transformTraced]);
      return typeof callback === 'function' ? plan.wrapCallback(callback as Fn) : callback;
    };
    Object.defineProperty(prototype, MARKER, { value: true });
    traceSubscriptionRegistration(prototype);
  }
  return () => tracingByApp.delete(modulesContainer);
}

/**
 * `createSubscriptionMetadata` gives a `@Subscription` field its `{ subscribe, resolve }`:
 * registered traced, so each event it delivers gets its span (see `traceSubscription`).
 */
function traceSubscriptionRegistration(prototype: ResolversExplorerLike['prototype']): void {
  const original = prototype.createSubscriptionMetadata;
  if (typeof original !== 'function') {
    reportOnce('graphql-subscriptions', 'this @nestjs/graphql has no ResolversExplorerService.createSubscriptionMetadata: subscription events get no spans');
    return;
  }
  prototype.createSubscriptionMetadata = function tracedCreateSubscriptionMetadata(this: ExplorerLike, ...args: unknown[]) {
    const metadata = Reflect.apply(original, this, args) as { callback?: SubscriptionCallback } | undefined;
    try {
      const tracing = this.modulesContainer && tracingByApp.get(this.modulesContainer);
      if (tracing && metadata?.callback) return { ...metadata, callback: traceSubscription(metadata.callback, tracing.appTracer) };
    } catch (error) {
      reportOnce('graphql-subscription-wrap', 'tracing a GraphQL subscription failed; it runs untraced', error);
    }
    return metadata;
  };
}
