import type { MetadataLike } from '../../propagation/metadata-carrier';

/**
 * The grpc-js server call Nest hands to gRPC handlers, typed by the shape we use: unary calls
 * are plain event emitters, streaming ones are streams (`read` / `write`).
 */
export interface GrpcServerCall {
  getPath(): string;
  getPeer?(): string;
  getHost?(): string;
  metadata?: MetadataLike;
  readableFlowing?: boolean | null;
  read?: unknown;
  write?: (...args: unknown[]) => unknown;
  on(event: string, listener: (...args: any[]) => void): unknown;
  once(event: string, listener: (...args: any[]) => void): unknown;
}

function isGrpcServerCall(value: unknown): value is GrpcServerCall {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as GrpcServerCall).getPath === 'function' &&
    typeof (value as GrpcServerCall).on === 'function'
  );
}

/**
 * The call of a handler of Nest's gRPC transport, found in its arguments:
 * `(request, metadata, call)` for `@GrpcMethod` / `@GrpcStreamMethod`, `(call[, callback])` for
 * `@GrpcStreamCall`. Other `rpc` transports (TCP, Redis, Kafka...) have no such call.
 */
export function grpcCallOf(args: unknown[]): { call: GrpcServerCall; passThrough: boolean } | undefined {
  if (isGrpcServerCall(args[2])) return { call: args[2], passThrough: false };
  if (isGrpcServerCall(args[0])) return { call: args[0], passThrough: true };
  return undefined;
}

/** Client-streaming and bidi calls can be read from; unary and server-streaming ones cannot. */
export function isRequestStream(call: GrpcServerCall): boolean {
  return typeof call.read === 'function';
}

export function isStreamingCall(call: GrpcServerCall): boolean {
  return typeof call.read === 'function' || typeof call.write === 'function';
}

/** Calls an optional accessor of the call; grpc-js may throw once the stream is gone. */
export function readCall(call: GrpcServerCall, accessor: 'getPeer' | 'getHost'): string | undefined {
  try {
    const value = call[accessor]?.();
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
