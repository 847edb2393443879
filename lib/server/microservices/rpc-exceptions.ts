import type { ArgumentsHost } from '@nestjs/common';
import { reportOnce } from '../../diagnostics';
import { grpcCallOf } from '../grpc/grpc-server-call';
import { observeFilterCatch } from '../observe-exception-filter';

/**
 * What the handler of an RPC (a gRPC call, a message) threw, as Nest's RPC exception handling
 * received it: what the transport sees afterwards is the filter's answer ("Internal server
 * error" for an Error), while the span should show the original (its type, message and stack).
 * Kept by the object that stands for the call: the grpc-js call, or the transport's context
 * (`TcpContext`, `NatsContext`...), the handler's second argument.
 */
const exceptions = new WeakMap<object, unknown>();

/** The object an RPC handler's exception is kept under, from the handler's arguments. */
export function rpcCallKey(args: unknown[]): object | undefined {
  const grpc = grpcCallOf(args);
  if (grpc) return grpc.call;
  const context = args[1];
  return context !== null && typeof context === 'object' ? context : undefined;
}

export function thrownBy(call: object): unknown {
  return exceptions.get(call);
}

/** Keeps the exception of an RPC call; never throws. */
function keepException(exception: unknown, host: ArgumentsHost): void {
  try {
    if (host.getType() !== 'rpc') return;
    const key = rpcCallKey(host.getArgs());
    if (key) exceptions.set(key, exception);
  } catch (error) {
    reportOnce('rpc-exception-recorder', 'keeping an RPC exception for its span failed', error);
  }
}

interface RpcExceptionFilterClass {
  prototype: { catch(exception: unknown, host: ArgumentsHost): unknown };
}

const INSTALLED = Symbol.for('nestjs-tracing.rpc-exception-recorder');

/**
 * Every exception of an RPC call that Nest handles by default (thrown by a guard, a pipe, an
 * interceptor or the handler) reaches `BaseRpcExceptionFilter.catch`, as do the app's filters
 * that extend it and call `super.catch`. Installed once per process.
 */
export function keepRpcExceptions(BaseRpcExceptionFilter: RpcExceptionFilterClass): void {
  observeFilterCatch(BaseRpcExceptionFilter.prototype, INSTALLED, keepException);
}
