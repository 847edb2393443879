import type { ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { recordException } from '../../decorators/span-outcome';
import { reportOnce } from '../../diagnostics';
import { observeFilterCatch } from '../observe-exception-filter';
import { getRequestSpan, nodeRequestOf } from './request-span';
import { exceptionWithoutQuery, queryOf } from './without-query';

const INSTALLED = Symbol.for('nestjs-tracing.http-exception-recorder');

/** Records an exception on the request's SERVER span as an `exception` event; never throws. */
function recordHttpException(exception: unknown, host: ArgumentsHost): void {
  try {
    if (host.getType() !== 'http') return;
    const request = nodeRequestOf(host.switchToHttp().getRequest());
    const state = getRequestSpan(request);
    if (!state) return;
    // A message or stack that quotes the query string is recorded without it.
    const scrubbed = exceptionWithoutQuery(exception, queryOf(request));
    if (scrubbed) {
      state.span.recordException(scrubbed);
      state.errorMessage = scrubbed.message;
    } else {
      state.errorMessage = recordException(state.span, exception);
    }
  } catch (error) {
    reportOnce('http-exception-recorder', 'recording an HTTP exception on its span failed', error);
  }
}

/**
 * Every exception of an HTTP request that Nest handles by default (thrown by a guard, a pipe,
 * an interceptor, a middleware or the handler) reaches `BaseExceptionFilter.catch`, as do the
 * app's filters that extend it and call `super.catch`. Recording there gives the SERVER span its
 * `exception` event without a global interceptor, which would put every request through Nest's
 * interceptor pipeline (measured: about half the throughput of an untraced Express app).
 * Installed once per process; whether it is an error is left to the response status (5xx).
 */
export function recordHttpExceptions(): void {
  observeFilterCatch(BaseExceptionFilter.prototype, INSTALLED, recordHttpException);
}
