import { Span, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_RPC_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { recordException, SpanOutcome } from '../../decorators/span-outcome';
import { thrownBy } from '../microservices/rpc-exceptions';
import type { GrpcMessageCounter } from './grpc-message-counter';
import type { GrpcServerCall } from './grpc-server-call';
import { GRPC_CANCELLED, GRPC_OK, grpcCodeOfError, grpcStatusName, isServerErrorCode } from './grpc-status';

/**
 * Records a gRPC status on a SERVER span: the code always, ERROR only for the codes that are
 * the server's fault (a NOT_FOUND is the caller's problem, like an HTTP 4xx).
 */
export function setServerStatus(span: Span, code: number, message?: string): void {
  const name = grpcStatusName(code);
  span.setAttribute(ATTR_RPC_STATUS_CODE, name);
  if (!isServerErrorCode(code)) return;
  span.setAttribute(ATTR_ERROR_TYPE, name);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * An error the client `received`: its code (ERROR only for server codes), and an `exception`
 * event and status message from what was `thrown` before Nest's exception filter answered.
 */
export function recordServerError(span: Span, received: unknown, thrown: unknown = received): void {
  const message = recordException(span, thrown);
  setServerStatus(span, grpcCodeOfError(received), message);
}

/**
 * How a gRPC SERVER span ends: OK, an error, or a cancelled stream. The error recorded is the
 * one the handler threw when Nest's exception handling kept it (see `rpc-exceptions`),
 * else the one the transport got.
 */
export function grpcServerOutcome(counter: GrpcMessageCounter | undefined, call: GrpcServerCall): SpanOutcome {
  return {
    // Nest's handler resolves to the response Observable, which grpc-js's server subscribes.
    followsResolvedObservable: true,
    onSuccess(span) {
      counter?.flush();
      setServerStatus(span, GRPC_OK);
    },
    onError(span, error) {
      recordServerError(span, error, thrownBy(call) ?? error);
      counter?.flush();
    },
    onCancel(span) {
      // The client went away: not the server's error, so the status stays unset.
      setServerStatus(span, GRPC_CANCELLED);
      counter?.flush();
    },
  };
}
