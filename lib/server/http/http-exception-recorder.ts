import type { ExecutionContext } from '@nestjs/common';
import { recordException, errorMessage } from '../../decorators/span-outcome';
import { getRequestSpan, nodeRequestOf } from './request-span';

/**
 * Records what a route handler (or a pipe before it) threw on the request's SERVER span as an
 * `exception` event. Whether it is an error is left to the response status (5xx only).
 */
export function recordHttpException(executionContext: ExecutionContext, error: unknown): void {
  const state = getRequestSpan(nodeRequestOf(executionContext.switchToHttp().getRequest()));
  if (!state) return;
  recordException(state.span, error);
  state.errorMessage = errorMessage(error);
}
