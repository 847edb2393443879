import { Inject, Injectable } from '@nestjs/common';
import { Context, propagation, ROOT_CONTEXT, Span, SpanKind } from '@opentelemetry/api';
import { endOnce } from '../../decorators/end-once';
import { runInSpan } from '../../decorators/run-in-span';
import { reportOnce } from '../../diagnostics';
import { isMetadataLike, metadataGetter } from '../../propagation/metadata-carrier';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { TRACING_OPTIONS } from '../../tracing.module-definition';
import type { TracingModuleOptions } from '../../tracing.options';
import { tracingRuntime } from '../../tracing.runtime';
import { grpcMethodName, grpcSpanAttributes, splitHostPort } from './grpc-attributes';
import { GrpcMessageCounter } from './grpc-message-counter';
import { grpcCallOf, GrpcServerCall, isRequestStream, isStreamingCall, readCall } from './grpc-server-call';
import { grpcServerOutcome, recordServerError } from './grpc-server-outcome';
import { whenStreamCallEnds } from './grpc-stream-call';
import { contextWithSpan } from '../../context/linked-context';

/** The span of one call as it starts. */
interface StartedCall {
  span: Span;
  ctx: Context;
  counter: GrpcMessageCounter | undefined;
}

/**
 * Gives every call to a handler of Nest's gRPC transport one SERVER span named
 * `package.Service/Method`, continuing the trace found in the call's Metadata. The handler runs
 * in the span; the span ends when the response (or response stream) is done.
 */
@Injectable()
export class GrpcServerTracer {
  private readonly recordMessageEvents: boolean;

  constructor(
    @Inject(TRACING_OPTIONS) options: TracingModuleOptions,
    @Inject(TRACING_SDK) private readonly sdk: TracingSdk,
  ) {
    this.recordMessageEvents = options?.grpc?.recordMessageEvents ?? false;
  }

  /** Runs `handler` (a controller's gRPC method) for one call, in the call's SERVER span. */
  traceHandler(handler: (this: unknown, ...args: any[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
    const grpc = grpcCallOf(args);
    // Not a call of the gRPC transport: the method called directly, from a test or a sibling.
    if (!grpc) return Reflect.apply(handler, thisArg, args);
    let started: StartedCall;
    try {
      started = this.start(grpc.call, args);
    } catch (error) {
      reportOnce('grpc-server-span-start', 'starting a gRPC server span failed; call served untraced', error);
      return Reflect.apply(handler, thisArg, args);
    }
    const { span, ctx, counter } = started;
    if (grpc.passThrough) return traceStreamCall(started, grpc.call, handler, thisArg, args);
    return runInSpan(span, ctx, handler, thisArg, args, grpcServerOutcome(counter));
  }

  private start(call: GrpcServerCall, args: unknown[]): StartedCall {
    const metadata = isMetadataLike(args[1]) ? args[1] : call.metadata;
    // A malformed traceparent is ignored by the W3C propagator: the call starts a new trace.
    const parent = metadata ? propagation.extract(ROOT_CONTEXT, metadata, metadataGetter) : ROOT_CONTEXT;
    const method = grpcMethodName(call.getPath());
    const attributes = grpcSpanAttributes(method, splitHostPort(readCall(call, 'getHost')), splitHostPort(readCall(call, 'getPeer')));
    const span = (this.sdk.appTracer ?? tracingRuntime.tracer).startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
    const ctx = tracingRuntime.withAppTracer(contextWithSpan(parent, span), this.sdk.appTracer);
    const counter = isStreamingCall(call) ? new GrpcMessageCounter(span, this.recordMessageEvents, isRequestStream(call)) : undefined;
    if (counter) {
      countReceived(call, counter);
      countSent(call, counter);
    }
    return { span, ctx, counter };
  }
}

/**
 * `@GrpcStreamCall`: the handler answers through the call itself, so the span ends when the
 * call does (see `whenStreamCallEnds`), or when the handler throws or its promise rejects.
 */
function traceStreamCall(started: StartedCall, call: GrpcServerCall, handler: Function, thisArg: unknown, args: unknown[]): unknown {
  const { span, ctx, counter } = started;
  const end = endOnce(span);
  const fail = (error: unknown): void => {
    if (!end.isOpen()) return;
    recordServerError(span, error);
    counter?.flush();
    end();
  };
  void whenStreamCallEnds(call, args, span).then(() => {
    counter?.flush();
    end();
  });
  let result: unknown;
  try {
    result = tracingRuntime.with(ctx, () => Reflect.apply(handler, thisArg, args));
  } catch (error) {
    fail(error);
    throw error;
  }
  if (result instanceof Promise) result.then(undefined, fail);
  return result;
}

/**
 * Counts response messages where they leave: Nest writes each value of a streaming response to
 * the call (so do pass-through handlers), while a unary answer goes through grpc-js's callback
 * and is never written. grpc-js hands unary and server-streaming handlers the same writable
 * call, so this is also what tells them apart. Only this call's own `write` is wrapped.
 */
function countSent(call: GrpcServerCall, counter: GrpcMessageCounter): void {
  const write = call.write;
  if (typeof write !== 'function') return;
  call.write = function countedWrite(this: unknown, ...args: unknown[]) {
    counter.onSent();
    return Reflect.apply(write, this, args);
  };
}

/**
 * Counts request messages without changing how the stream flows: a `data` listener on a paused
 * stream would start it before the handler listens, so ours is added once it flows.
 */
function countReceived(call: GrpcServerCall, counter: GrpcMessageCounter): void {
  if (typeof call.read !== 'function') return;
  const listen = (): void => void call.on('data', () => counter.onReceived());
  if (call.readableFlowing === true) listen();
  else call.once('resume', listen);
}
