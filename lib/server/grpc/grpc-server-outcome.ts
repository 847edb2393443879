import { Span, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_RPC_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { errorMessage, recordException, SpanOutcome } from '../../decorators/span-outcome';
import type { GrpcMessageCounter } from './grpc-message-counter';
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

/** A thrown error: an `exception` event, and the code it maps to (ERROR only for server codes). */
export function recordServerError(span: Span, error: unknown): void {
  recordException(span, error);
  setServerStatus(span, grpcCodeOfError(error), errorMessage(error));
}

/** How a gRPC SERVER span ends: OK, a thrown or emitted error, or a cancelled stream. */
export function grpcServerOutcome(counter: GrpcMessageCounter | undefined): SpanOutcome {
  return {
    onSuccess(span) {
      counter?.flush();
      setServerStatus(span, GRPC_OK);
    },
    onError(span, error) {
      recordServerError(span, error);
      counter?.flush();
    },
    onCancel(span) {
      // The client went away: not the server's error, so the status stays unset.
      setServerStatus(span, GRPC_CANCELLED);
      counter?.flush();
    },
  };
}
