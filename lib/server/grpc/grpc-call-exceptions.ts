import type { ArgumentsHost } from '@nestjs/common';
import { reportOnce } from '../../diagnostics';
import { observeFilterCatch } from '../observe-exception-filter';
import { grpcCallOf, GrpcServerCall } from './grpc-server-call';

/**
 * What the handler of a call threw, as Nest's RPC exception handling received it: the error
 * the transport sees afterwards is the filter's answer ("Internal server error" for an Error),
 * while the span should show the original (its type, message and stack).
 */
const exceptions = new WeakMap<GrpcServerCall, unknown>();

export function thrownBy(call: GrpcServerCall): unknown {
  return exceptions.get(call);
}

/** Keeps the exception of a gRPC call; never throws. */
function keepException(exception: unknown, host: ArgumentsHost): void {
  try {
    if (host.getType() !== 'rpc') return;
    const grpc = grpcCallOf(host.getArgs());
    if (grpc) exceptions.set(grpc.call, exception);
  } catch (error) {
    reportOnce('grpc-exception-recorder', 'keeping a gRPC exception for its span failed', error);
  }
}

interface RpcExceptionFilterClass {
  prototype: { catch(exception: unknown, host: ArgumentsHost): unknown };
}

const INSTALLED = Symbol.for('nestjs-tracing.grpc-exception-recorder');

/**
 * Every exception of a gRPC call that Nest handles by default (thrown by a guard, a pipe, an
 * interceptor or the handler) reaches `BaseRpcExceptionFilter.catch`, as do the app's filters
 * that extend it and call `super.catch`. Installed once per process.
 */
export function keepGrpcExceptions(BaseRpcExceptionFilter: RpcExceptionFilterClass): void {
  observeFilterCatch(BaseRpcExceptionFilter.prototype, INSTALLED, keepException);
}
