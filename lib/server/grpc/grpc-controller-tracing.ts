import type { Type } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';
import { copyFunctionIdentity } from '../../decorators/copy-function-identity';
import type { GrpcServerTracer } from './grpc-server-tracer';

/** Values of `@nestjs/microservices` (read here so that package stays optional). */
const TRANSPORT_METADATA = 'microservices:transport';
const TRANSPORT_GRPC = 4;

const GRPC_HANDLER_TRACING = Symbol.for('nestjs-tracing.grpc-handler');

type Handler = (this: unknown, ...args: unknown[]) => unknown;

/** The tracer a wrapped handler reports to: the last app that registered its class. */
interface HandlerTracing {
  tracer: GrpcServerTracer;
}

function grpcHandlerKeys(controller: Type): string[] {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).filter((key) => {
    const method = Object.getOwnPropertyDescriptor(prototype, key)?.value;
    return typeof method === 'function' && Reflect.getMetadata(TRANSPORT_METADATA, method) === TRANSPORT_GRPC;
  });
}

function traceHandler(prototype: Record<string, unknown>, key: string, tracer: GrpcServerTracer): void {
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key)!;
  const handler = descriptor.value as Handler & { [GRPC_HANDLER_TRACING]?: HandlerTracing };
  const existing = handler[GRPC_HANDLER_TRACING];
  if (existing) {
    existing.tracer = tracer;
    return;
  }
  const tracing: HandlerTracing = { tracer };
  const traced = function tracedGrpcHandler(this: unknown, ...args: unknown[]): unknown {
    return tracing.tracer.traceHandler(handler, this, args);
  };
  copyFunctionIdentity(handler, traced);
  Object.defineProperty(traced, GRPC_HANDLER_TRACING, { value: tracing });
  Object.defineProperty(prototype, key, { ...descriptor, value: traced });
}

/**
 * Wraps every gRPC handler method (`@GrpcMethod`, `@GrpcStreamMethod`, `@GrpcStreamCall`) of the
 * app's controllers so each call runs in a SERVER span. Done while the app's providers are
 * created, before any microservice reads its handlers, so it also reaches a hybrid app's gRPC
 * server that does not inherit the app's global config. The wrapper carries the handler's name
 * and metadata, so Nest finds its pattern, guards and pipes on it as before. No interceptor is
 * involved: Nest's interceptor chain costs more per call than the span itself.
 */
export function traceGrpcControllers(discovery: DiscoveryService, tracer: GrpcServerTracer): void {
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | undefined;
    if (!controller?.prototype) continue;
    for (const key of grpcHandlerKeys(controller)) traceHandler(controller.prototype, key, tracer);
  }
}
