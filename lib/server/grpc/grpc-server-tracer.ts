import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Context, propagation, ROOT_CONTEXT, Span, SpanKind } from '@opentelemetry/api';
import { endOnce } from '../../decorators/end-once';
import type { SpanOutcome } from '../../decorators/span-outcome';
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
import { grpcServerOutcome } from './grpc-server-outcome';
import { whenStreamCallEnds } from './grpc-stream-call';
import { untraceGrpcPatterns } from './grpc-transport-tracing';
import { isObservable, tap } from 'rxjs';
import { EntryPoint, startEntrySpan } from '../../entry/entry-point';
import { runInSpan } from '../../decorators/run-in-span';

interface GrpcCallInput {
  call: GrpcServerCall;
  args: unknown[];
  /** `package.Service/Method`, read once. */
  method: string;
}

/** A gRPC call as an entry point: context from its Metadata, named and attributed by the RPC conventions. */
const GRPC_CALL_ENTRY: EntryPoint<GrpcCallInput> = {
  name: 'gRPC server',
  parent({ call, args }) {
    const metadata = isMetadataLike(args[1]) ? args[1] : call.metadata;
    // A malformed traceparent is ignored by the W3C propagator: the call starts a new trace.
    return metadata ? propagation.extract(ROOT_CONTEXT, metadata, metadataGetter) : ROOT_CONTEXT;
  },
  spanName: ({ method }) => method,
  spanKind: () => SpanKind.SERVER,
  attributes: ({ call, method }) => grpcSpanAttributes(method, splitHostPort(readCall(call, 'getHost')), splitHostPort(readCall(call, 'getPeer'))),
};

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
export class GrpcServerTracer implements OnApplicationShutdown {
  private readonly recordMessageEvents: boolean;

  constructor(
    @Inject(TRACING_OPTIONS) options: TracingModuleOptions,
    @Inject(TRACING_SDK) private readonly sdk: TracingSdk,
  ) {
    this.recordMessageEvents = options?.grpc?.recordMessageEvents ?? false;
  }

  /**
   * Runs `handler` (Nest's handler of one gRPC method: guards, pipes, interceptors and the
   * controller's method) for one call, in the call's SERVER span.
   */
  traceCall(handler: (this: unknown, ...args: any[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
    const grpc = grpcCallOf(args);
    if (!grpc) return Reflect.apply(handler, thisArg, args);
    let started: StartedCall;
    try {
      started = this.start(grpc.call, args);
    } catch (error) {
      reportOnce('grpc-server-span-start', 'starting a gRPC server span failed; call served untraced', error);
      return Reflect.apply(handler, thisArg, args);
    }
    const run = (): unknown => Reflect.apply(handler, thisArg, args);
    const outcome = grpcServerOutcome(started.counter, grpc.call);
    if (grpc.passThrough) return traceStreamCall(started, outcome, grpc.call, args, run);
    return traceResponse(started, outcome, run);
  }

  /** After the app's servers closed: a hybrid app's gRPC server keeps serving until then. */
  onApplicationShutdown(): void {
    untraceGrpcPatterns(this);
  }

  private start(call: GrpcServerCall, args: unknown[]): StartedCall {
    const { span, ctx } = startEntrySpan(GRPC_CALL_ENTRY, { call, args, method: grpcMethodName(call.getPath()) }, this.sdk.appTracer);
    const counter = isStreamingCall(call) ? new GrpcMessageCounter(span, this.recordMessageEvents, isRequestStream(call)) : undefined;
    if (counter) {
      countReceived(call, counter);
      countSent(call, counter);
    }
    return { span, ctx, counter };
  }
}

/**
 * `@GrpcMethod` and `@GrpcStreamMethod`: Nest's handler resolves to the response, an Observable
 * of it (a stream, or what an exception filter made of an error) or the value itself; the span
 * lasts until that Observable completes, errors or is unsubscribed (the client cancelled).
 */
function traceResponse({ span, ctx }: StartedCall, outcome: SpanOutcome, run: () => unknown): unknown {
  return runInSpan(span, ctx, run, undefined, [], outcome);
}

/**
 * `@GrpcStreamCall`: the handler answers through the call itself, so the span ends when the
 * call does (see `whenStreamCallEnds`), or when the handler fails.
 */
function traceStreamCall(
  { span, ctx, counter }: StartedCall,
  outcome: SpanOutcome,
  call: GrpcServerCall,
  args: unknown[],
  run: () => unknown,
): unknown {
  const end = endOnce(span);
  const fail = (error: unknown): void => {
    if (!end.isOpen()) return;
    outcome.onError(span, error);
    end();
  };
  void whenStreamCallEnds(call, args, span).then(() => {
    counter?.flush();
    end();
  });
  let pending: unknown;
  try {
    pending = tracingRuntime.with(ctx, run);
  } catch (error) {
    fail(error);
    throw error;
  }
  return Promise.resolve(pending).then(
    (response) => (isObservable(response) ? response.pipe(tap({ error: fail })) : response),
    (error: unknown) => {
      fail(error);
      throw error;
    },
  );
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
