import type { Type } from '@nestjs/common';
import { AppTracers } from '../../entry/app-tracers';

/** Values of `@nestjs/microservices` (read here so that package stays optional). */
export const TRANSPORT_METADATA = 'microservices:transport';
const PATTERN_METADATA = 'microservices:pattern';
export const TRANSPORT_GRPC = 4;

/** How Nest's servers are handed a pattern, as one string (object patterns as their JSON). */
export const patternKey = (pattern: unknown): string => (typeof pattern === 'string' ? pattern : JSON.stringify(pattern));

/**
 * The patterns the handlers of `controller` declare for the transports `accepts` takes (the
 * method's `transport` metadata: a `Transport` number, a custom transport's symbol, or
 * undefined for every transport). Up the prototype chain, as Nest looks for handlers.
 */
export function declaredPatterns(controller: Type, accepts: (transport: unknown) => boolean): unknown[] {
  const patterns: unknown[] = [];
  for (let prototype = controller.prototype; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, key)?.value;
      if (typeof method !== 'function') continue;
      const declared = Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined;
      if (declared && accepts(Reflect.getMetadata(TRANSPORT_METADATA, method))) patterns.push(...declared);
    }
  }
  return patterns;
}

/** The tracers of the running apps that declared each pattern (see `AppTracers`). */
export class PatternTracers<Tracer> extends AppTracers<Tracer> {
  constructor() {
    super(patternKey);
  }
}

type Handler = (this: unknown, ...args: unknown[]) => unknown;

/** A Nest server class whose `addHandler` registers the handler of each pattern. */
export interface HandlerRegistry {
  prototype: { addHandler(pattern: unknown, callback: Handler, ...rest: unknown[]): unknown };
}

/**
 * Makes `Server.addHandler` register, for each pattern `wrap` accepts, `wrap`'s handler in place
 * of Nest's: the wrapper then gets each message exactly as the transport hands it over, before
 * Nest's guards, pipes and interceptors. Installed once per process per `marker`. Nest hangs
 * `isEventHandler`, `extras` and the `next` handler of a shared event pattern on the callback:
 * the wrapper passes them through to the original.
 */
export function wrapHandlerRegistration(
  registry: HandlerRegistry,
  marker: symbol,
  wrap: (server: unknown, pattern: unknown, callback: Handler, isEventHandler: boolean) => Handler | undefined,
): void {
  const prototype = registry.prototype as HandlerRegistry['prototype'] & { [key: symbol]: true | undefined };
  if (prototype[marker]) return;
  const original = prototype.addHandler;
  prototype.addHandler = function tracedAddHandler(this: unknown, pattern: unknown, callback: Handler, ...rest: unknown[]) {
    const traced = wrap(this, pattern, callback, rest[0] === true);
    if (!traced) return original.call(this, pattern, callback, ...rest);
    // Nest names the handler after the gRPC method when it builds the service.
    Object.defineProperty(traced, 'name', { value: callback.name, configurable: true, writable: true });
    Object.defineProperty(traced, 'next', {
      get: () => (callback as { next?: unknown }).next,
      set: (next: unknown) => void ((callback as { next?: unknown }).next = next),
      configurable: true,
    });
    return original.call(this, pattern, traced, ...rest);
  };
  Object.defineProperty(prototype, marker, { value: true });
}
