import type { Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { markError, SpanOutcome } from '../../decorators/span-outcome';
import { thrownBy } from './rpc-exceptions';

/** `error.type`: the class of what was thrown (`RpcException`, `TypeError`), else `_OTHER`. */
export function errorType(error: unknown): string {
  const name = error instanceof Error ? error.constructor?.name || error.name : undefined;
  return typeof name === 'string' && name.length > 0 ? name : '_OTHER';
}

/** Marks a message span failed by `error`: an `exception` event, status ERROR, `error.type`. */
export function markMessageError(span: Span, error: unknown): void {
  markError(span, error);
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
}

/**
 * How the span of a handled message ends: when the reply stream (or the event handler's
 * Observable) is done, which Nest subscribes itself. A failure records what the handler threw
 * (kept from Nest's exception filter by the handler's `context` argument) rather than the
 * filter's answer ("Internal server error").
 */
export function messageOutcome(context: unknown): SpanOutcome {
  return {
    followsResolvedObservable: true,
    onError(span, error) {
      const key = context !== null && typeof context === 'object' ? context : undefined;
      markMessageError(span, (key && thrownBy(key)) ?? error);
    },
  };
}
