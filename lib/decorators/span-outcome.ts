import { Span, SpanStatusCode } from '@opentelemetry/api';

/**
 * How a span is marked when the traced work ends. The default records a thrown error as an
 * `exception` event with status ERROR; server adapters override it to follow their
 * conventions (an HTTP 4xx or a gRPC NOT_FOUND is the client's error, not the server's).
 */
export interface SpanOutcome {
  /** The work ended well: a value returned or resolved, a stream completed or done. */
  onSuccess?(span: Span): void;
  onError(span: Span, error: unknown): void;
  /** A stream or subscription was abandoned by its consumer before it ended. */
  onCancel?(span: Span): void;
  /**
   * The work resolves to an Observable its caller is known to subscribe (Nest's RPC handlers
   * resolve to the reply stream): the span lasts until that Observable ends, not until it is
   * handed over. Left unset for user methods, whose Observable may never be subscribed.
   */
  readonly followsResolvedObservable?: boolean;
}

/** The message of whatever was thrown; never throws (not even for a throwing `toString`). */
export function errorMessage(error: unknown): string {
  try {
    if (error instanceof Error) return String(error.message);
    if (typeof error === 'string') return error;
    // `{ code, message }`, as Nest's RPC exception filters emit.
    const message = error !== null && typeof error === 'object' ? (error as { message?: unknown }).message : undefined;
    return typeof message === 'string' ? message : String(error);
  } catch {
    return Object.prototype.toString.call(error);
  }
}

/**
 * The error a user recorded by hand on a span (`TraceService.recordError`), with the status
 * message they gave: when the same error is then thrown out of the span, it is not recorded a
 * second time and the user's message stays.
 */
const recordedByHand = new WeakMap<Span, { error: unknown; message: string }>();

/**
 * Records `error` as an `exception` event, unless the user already recorded this very error on
 * the span; returns the status message for it. Never throws, whatever was thrown.
 */
export function recordException(span: Span, error: unknown): string {
  const byHand = recordedByHand.get(span);
  if (byHand !== undefined && byHand.error === error) return byHand.message;
  if (error instanceof Error) span.recordException(error);
  else span.recordException({ message: errorMessage(error), name: typeof error });
  return errorMessage(error);
}

/** Records `error` as an `exception` event (once) and marks the span ERROR. */
export function markError(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message: recordException(span, error) });
}

/** `TraceService.recordError`: as `markError`, with the user's message kept for the span's end. */
export function markErrorByHand(span: Span, error: unknown, message: string): void {
  recordException(span, error);
  recordedByHand.set(span, { error, message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

export const ERROR_OUTCOME: SpanOutcome = { onError: (span, error) => markError(span, error) };
