import { CallHandler, Inject, Injectable } from '@nestjs/common';
import { propagation, ROOT_CONTEXT, Span, SpanKind } from '@opentelemetry/api';
import { concat, defer, ignoreElements, Observable, tap } from 'rxjs';
import { runInSpan } from '../../decorators/run-in-span';
import { isMetadataLike, metadataGetter } from '../../propagation/metadata-carrier';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { TRACING_OPTIONS } from '../../tracing.module-definition';
import type { TracingModuleOptions } from '../../tracing.options';
import { tracingRuntime } from '../../tracing.runtime';
import { grpcMethodName, grpcSpanAttributes, splitHostPort } from './grpc-attributes';
import { GrpcMessageCounter } from './grpc-message-counter';
import { GrpcServerCall, isRequestStream, isStreamingCall, readCall } from './grpc-server-call';
import { grpcServerOutcome, setServerStatus } from './grpc-server-outcome';
import { GRPC_OK } from './grpc-status';
import { whenStreamCallEnds } from './grpc-stream-call';
import { contextWithSpan } from '../../context/linked-context';

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

  trace(call: GrpcServerCall, passThrough: boolean, args: unknown[], next: CallHandler): Observable<unknown> {
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
    const handle = passThrough ? handleStreamCall : handleObservable;
    return runInSpan(span, ctx, handle, undefined, [next, span, counter, call, args], grpcServerOutcome(counter));
  }
}

/** `@GrpcMethod` and `@GrpcStreamMethod`: the handler's Observable is the response. */
function handleObservable(next: CallHandler, span: Span, counter: GrpcMessageCounter | undefined): Observable<unknown> {
  return next.handle().pipe(
    tap({
      complete: () => {
        counter?.flush();
        setServerStatus(span, GRPC_OK);
      },
    }),
  );
}

/** `@GrpcStreamCall`: the handler's values pass through; completion waits for the call's end. */
function handleStreamCall(
  next: CallHandler,
  span: Span,
  counter: GrpcMessageCounter | undefined,
  call: GrpcServerCall,
  args: unknown[],
): Observable<unknown> {
  const ended = whenStreamCallEnds(call, args, span);
  return concat(next.handle(), defer(() => ended).pipe(ignoreElements())).pipe(tap({ complete: () => counter?.flush() }));
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
