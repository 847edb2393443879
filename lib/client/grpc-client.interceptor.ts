import { propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { InterceptingCall, Interceptor, StatusObject } from '@grpc/grpc-js';
import type { GrpcInterceptor } from './grpc-shapes';
import { ATTR_ERROR_TYPE, ATTR_NETWORK_PEER_ADDRESS, ATTR_NETWORK_PEER_PORT, ATTR_RPC_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { metadataSetter } from '../propagation/metadata-carrier';
import { grpcMethodName, grpcSpanAttributes, splitHostPort } from '../server/grpc/grpc-attributes';
import { GrpcMessageCounter } from '../server/grpc/grpc-message-counter';
import { GRPC_OK, grpcStatusName } from '../server/grpc/grpc-status';
import { tracingRuntime } from '../tracing.runtime';
import { contextWithSpan } from '../context/linked-context';

export interface GrpcClientTracingOptions {
  /**
   * The `host:port` the client dials, recorded as `server.address` / `server.port`.
   * @default none: only the peer's address (`network.peer.*`) is recorded
   */
  target?: string;
  /**
   * Record each message of a streaming call as a `message` event; counts are always recorded.
   * @default false
   */
  recordMessageEvents?: boolean;
}

type GrpcModule = typeof import('@grpc/grpc-js');

// Loaded on first use, so apps without gRPC never need @grpc/grpc-js installed.
let grpcModule: GrpcModule | undefined;
function grpcJs(): GrpcModule {
  return (grpcModule ??= require('@grpc/grpc-js') as GrpcModule);
}

/**
 * A `@grpc/grpc-js` client interceptor: one CLIENT span per call, named
 * `package.Service/Method`, with the active context injected into the call's Metadata
 * (`traceparent`, `tracestate`, `baggage`). The span ends with the call's status; every code
 * but OK marks it ERROR. Streaming calls are covered until the status arrives, messages counted.
 *
 * @example
 * new PaymentsClient('127.0.0.1:50051', credentials.createInsecure(), { interceptors: [tracingGrpcInterceptor()] });
 */
export function tracingGrpcInterceptor(options: GrpcClientTracingOptions = {}): GrpcInterceptor {
  const { InterceptingCall } = grpcJs();
  const server = splitHostPort(options.target);
  const recordEvents = options.recordMessageEvents ?? false;
  const interceptor: Interceptor = (callOptions, nextCall) => {
    const definition = callOptions.method_definition;
    const method = grpcMethodName(definition.path);
    const parent = tracingRuntime.activeContext();
    const span = tracingRuntime.tracerFor(parent).startSpan(method, { kind: SpanKind.CLIENT, attributes: grpcSpanAttributes(method, server) }, parent);
    const ctx = contextWithSpan(parent, span);
    const streaming = definition.requestStream || definition.responseStream;
    const counter = streaming ? new GrpcMessageCounter(span, recordEvents, true) : undefined;

    const call: InterceptingCall = new InterceptingCall(nextCall(callOptions), {
      start(metadata, listener, next) {
        propagation.inject(ctx, metadata, metadataSetter);
        next(metadata, {
          onReceiveMessage(message, nextMessage) {
            counter?.onReceived();
            // The caller's callbacks run in the caller's context, not in whatever grpc-js had.
            tracingRuntime.with(parent, nextMessage, undefined, message);
          },
          onReceiveStatus(status, nextStatus) {
            endClientSpan(status);
            tracingRuntime.with(parent, nextStatus, undefined, status);
          },
        });
      },
      sendMessage(message, next) {
        counter?.onSent();
        next(message);
      },
    });

    function endClientSpan(status: StatusObject): void {
      const peer = splitHostPort(safePeer(call));
      if (peer) {
        span.setAttribute(ATTR_NETWORK_PEER_ADDRESS, peer.address);
        if (peer.port !== undefined) span.setAttribute(ATTR_NETWORK_PEER_PORT, peer.port);
      }
      const name = grpcStatusName(status.code);
      span.setAttribute(ATTR_RPC_STATUS_CODE, name);
      if (status.code !== GRPC_OK) {
        span.setAttribute(ATTR_ERROR_TYPE, name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
      }
      counter?.flush();
      span.end();
    }
    return call;
  };
  return interceptor;
}

function safePeer(call: InterceptingCall): string | undefined {
  try {
    return call.getPeer();
  } catch {
    return undefined;
  }
}
