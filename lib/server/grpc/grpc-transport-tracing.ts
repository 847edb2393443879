import type { Type } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../../diagnostics';
import { keepRpcExceptions } from '../microservices/rpc-exceptions';
import {
  declaredPatterns,
  HandlerRegistry,
  PatternTracers,
  patternKey,
  TRANSPORT_GRPC,
  wrapHandlerRegistration,
} from '../microservices/pattern-tracers';
import type { GrpcServerTracer } from './grpc-server-tracer';

const tracers = new PatternTracers<GrpcServerTracer>();

const INSTALLED = Symbol.for('nestjs-tracing.grpc-transport');

/**
 * Wraps each handler Nest's gRPC server registers, from now on, for a pattern
 * (`{"service":...,"rpc":...}`) some app traces: the wrapper gets the call exactly as grpc-js
 * hands it over (request, Metadata, call) and runs guards, pipes, interceptors and the handler
 * in the call's SERVER span. Installed once per process.
 */
function wrapGrpcHandlers(ServerGrpc: HandlerRegistry): void {
  wrapHandlerRegistration(ServerGrpc, INSTALLED, (_server, pattern, callback) => {
    const key = patternKey(pattern);
    if (!tracers.tracerOf(key)) return undefined;
    return function tracedGrpcHandler(this: unknown, ...args: unknown[]): unknown {
      const tracer = tracers.tracerOf(key);
      return tracer ? tracer.traceCall(callback, this, args) : Reflect.apply(callback, this, args);
    };
  });
}

/** Stops tracing the patterns `tracer`'s app declared (the app is closing). */
export function untraceGrpcPatterns(tracer: GrpcServerTracer): void {
  tracers.remove(tracer);
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
    .flatMap((wrapper) => (wrapper.metatype ? declaredPatterns(wrapper.metatype as Type, (transport) => transport === TRANSPORT_GRPC) : []));
  if (patterns.length === 0) return;
  let microservices: { ServerGrpc: HandlerRegistry; BaseRpcExceptionFilter: Parameters<typeof keepRpcExceptions>[0] };
  try {
    microservices = require('@nestjs/microservices');
  } catch (error) {
    reportOnce('grpc-transport', 'gRPC handlers found but @nestjs/microservices could not be loaded; calls are not traced', error);
    return;
  }
  tracers.add(patterns, tracer);
  wrapGrpcHandlers(microservices.ServerGrpc);
  keepRpcExceptions(microservices.BaseRpcExceptionFilter);
}
