import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import type { NestInterceptor, Type } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';

/** Values of `@nestjs/microservices` (read here so that package stays optional). */
const TRANSPORT_METADATA = 'microservices:transport';
const TRANSPORT_GRPC = 4;

function hasGrpcHandlers(controller: Type): boolean {
  const prototype = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(prototype).some((key) => {
    const method = Object.getOwnPropertyDescriptor(prototype, key)?.value;
    return typeof method === 'function' && Reflect.getMetadata(TRANSPORT_METADATA, method) === TRANSPORT_GRPC;
  });
}

/**
 * Puts `interceptor` first among the class-level interceptors of every controller that has gRPC
 * handlers, as `@UseInterceptors()` would. Done while the app's providers are created, before any
 * microservice registers its handlers, so it also reaches a hybrid app's gRPC server that does
 * not inherit the app's global config, and HTTP controllers never pay for an interceptor.
 * An interceptor of the same class left by an earlier app of the process is replaced.
 */
export function interceptGrpcControllers(discovery: DiscoveryService, interceptor: NestInterceptor): void {
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | undefined;
    if (!controller || !hasGrpcHandlers(controller)) continue;
    const existing: unknown[] = Reflect.getOwnMetadata(INTERCEPTORS_METADATA, controller) ?? [];
    const others = existing.filter((entry) => !(entry instanceof interceptor.constructor));
    Reflect.defineMetadata(INTERCEPTORS_METADATA, [interceptor, ...others], controller);
  }
}
