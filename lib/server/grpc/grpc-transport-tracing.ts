import type { Type } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../../diagnostics';
import { keepGrpcExceptions } from './grpc-call-exceptions';
import type { GrpcServerTracer } from './grpc-server-tracer';

/** Values of `@nestjs/microservices` (read here so that package stays optional). */
const TRANSPORT_METADATA = 'microservices:transport';
const PATTERN_METADATA = 'microservices:pattern';
const TRANSPORT_GRPC = 4;

type Handler = (this: unknown, ...args: unknown[]) => unknown;

interface GrpcServerClass {
  prototype: { addHandler(pattern: unknown, callback: Handler, ...rest: unknown[]): unknown };
}

/**
 * The tracers of the running apps that declared each gRPC pattern (`{"service":...,"rpc":...}`),
 * so that several apps of one process each record their own calls. When apps share a pattern,
 * the one started last records its calls, and the one before again once that app closes.
 */
const tracersOfPattern = new Map<string, GrpcServerTracer[]>();

const tracerOf = (key: string): GrpcServerTracer | undefined => tracersOfPattern.get(key)?.at(-1);

const patternKey = (pattern: unknown): string => (typeof pattern === 'string' ? pattern : JSON.stringify(pattern));

function grpcPatterns(controller: Type): unknown[] {
  const patterns: unknown[] = [];
  // Up the prototype chain, as Nest looks for handlers: inherited ones count too.
  for (let prototype = controller.prototype; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, key)?.value;
      if (typeof method !== 'function' || Reflect.getMetadata(TRANSPORT_METADATA, method) !== TRANSPORT_GRPC) continue;
      patterns.push(...((Reflect.getMetadata(PATTERN_METADATA, method) as unknown[] | undefined) ?? []));
    }
  }
  return patterns;
}

const INSTALLED = Symbol.for('nestjs-tracing.grpc-transport');

/**
 * Wraps each handler Nest's gRPC server registers, from now on, for a pattern some app traces:
 * the wrapper gets the call exactly as grpc-js hands it over (request, Metadata, call), before
 * Nest's guards, pipes and interceptors, and runs all of them in the call's SERVER span.
 * Installed once per process.
 */
function wrapGrpcHandlers(ServerGrpc: GrpcServerClass): void {
  const prototype = ServerGrpc.prototype as GrpcServerClass['prototype'] & { [INSTALLED]?: true };
  if (prototype[INSTALLED]) return;
  const original = prototype.addHandler;
  prototype.addHandler = function tracedAddHandler(this: unknown, pattern: unknown, callback: Handler, ...rest: unknown[]) {
    const key = patternKey(pattern);
    if (!tracerOf(key)) return original.call(this, pattern, callback, ...rest);
    const traced = function tracedGrpcHandler(this: unknown, ...args: unknown[]): unknown {
      const tracer = tracerOf(key);
      return tracer ? tracer.traceCall(callback, this, args) : Reflect.apply(callback, this, args);
    };
    // Nest names the handler after the gRPC method when it builds the service.
    Object.defineProperty(traced, 'name', { value: callback.name, configurable: true, writable: true });
    return original.call(this, pattern, traced, ...rest);
  };
  Object.defineProperty(prototype, INSTALLED, { value: true });
}

/** Stops tracing the patterns `tracer`'s app declared (the app is closing). */
export function untraceGrpcPatterns(tracer: GrpcServerTracer): void {
  for (const [key, tracers] of tracersOfPattern) {
    const rest = tracers.filter((owner) => owner !== tracer);
    if (rest.length > 0) tracersOfPattern.set(key, rest);
    else tracersOfPattern.delete(key);
  }
}

/**
 * Makes every call to the app's gRPC handlers (`@GrpcMethod`, `@GrpcStreamMethod`,
 * `@GrpcStreamCall`) run in a SERVER span. Done while the app's providers are created, before
 * any microservice registers its handlers, so it also reaches a hybrid app's gRPC server that
 * does not inherit the app's global config. No interceptor is involved: Nest's interceptor chain
 * costs more per call than the span itself.
 */
export function traceGrpcTransport(discovery: DiscoveryService, tracer: GrpcServerTracer): void {
  const patterns = discovery
    .getControllers()
    .flatMap((wrapper) => (wrapper.metatype ? grpcPatterns(wrapper.metatype as Type) : []));
  if (patterns.length === 0) return;
  let microservices: { ServerGrpc: GrpcServerClass; BaseRpcExceptionFilter: Parameters<typeof keepGrpcExceptions>[0] };
  try {
    microservices = require('@nestjs/microservices');
  } catch (error) {
    reportOnce('grpc-transport', 'gRPC handlers found but @nestjs/microservices could not be loaded; calls are not traced', error);
    return;
  }
  for (const key of new Set(patterns.map(patternKey))) tracersOfPattern.set(key, [...(tracersOfPattern.get(key) ?? []), tracer]);
  wrapGrpcHandlers(microservices.ServerGrpc);
  keepGrpcExceptions(microservices.BaseRpcExceptionFilter);
}
