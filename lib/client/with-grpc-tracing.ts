import { GrpcClientTracingOptions, tracingGrpcInterceptor } from './grpc-client.interceptor';
import type { GrpcClientOptionsLike } from './grpc-shapes';

/** Nest's gRPC client dials this when no `url` is given. */
const NEST_GRPC_DEFAULT_URL = 'localhost:5000';

/**
 * Returns a copy of a Nest gRPC client registration with `tracingGrpcInterceptor()` put first in
 * `channelOptions.interceptors` (interceptors already there are kept, after it), so every call
 * of the `ClientGrpc` is traced. For clients only: a server given `interceptors` in its
 * channel options would treat them as server interceptors.
 *
 * @example
 * ClientsModule.register([
 *   withGrpcTracing({ name: 'PAYMENTS', transport: Transport.GRPC, options: { url, package: 'shop.v1', protoPath } }),
 * ])
 */
export function withGrpcTracing<T extends GrpcClientOptionsLike>(
  clientOptions: T,
  tracing: Omit<GrpcClientTracingOptions, 'target'> = {},
): T {
  const channelOptions = clientOptions.options.channelOptions ?? {};
  const existing: unknown[] = Array.isArray(channelOptions.interceptors) ? channelOptions.interceptors : [];
  const interceptor = tracingGrpcInterceptor({ ...tracing, target: clientOptions.options.url ?? NEST_GRPC_DEFAULT_URL });
  return {
    ...clientOptions,
    options: { ...clientOptions.options, channelOptions: { ...channelOptions, interceptors: [interceptor, ...existing] } },
  };
}
