import type { Context, Span } from '@opentelemetry/api';
import { isObservable } from 'rxjs';
import { tracingRuntime } from '../tracing.runtime';
import { ERROR_OUTCOME, SpanOutcome } from './span-outcome';
import { traceAsyncIterator } from './trace-async-iterator';
import { traceObservable } from './trace-observable';
import { tracePromise, traceThenable } from './trace-thenable';

type AnyFunction = (this: unknown, ...args: any[]) => unknown;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

function isAsyncIterator(value: unknown): value is AsyncIterableIterator<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as AsyncIterableIterator<unknown>)[Symbol.asyncIterator] === 'function' &&
    typeof (value as AsyncIterableIterator<unknown>).next === 'function'
  );
}

/**
 * Runs `fn` with `ctx` active and ends `span` when the work it returned is done, whatever its
 * shape: a value, a thrown error, a Promise or thenable, an rxjs Observable (from subscription
 * to complete/error/unsubscribe, run in `ctx`), or an async iterator (until done/return/throw).
 * The value returned and the error thrown are the callee's own. Every traced call in the
 * library goes through here: decorators and server adapters alike.
 */
export function runInSpan<F extends AnyFunction>(
  span: Span,
  ctx: Context,
  fn: F,
  thisArg: unknown,
  args: Parameters<F> | IArguments | unknown[],
  outcome: SpanOutcome = ERROR_OUTCOME,
): ReturnType<F> {
  let result: unknown;
  try {
    // A closure rather than (fn, thisArg, args) as rest arguments: each layer would copy them.
    result = tracingRuntime.with(ctx, () => Reflect.apply(fn, thisArg, args as ArrayLike<unknown>));
  } catch (error) {
    outcome.onError(span, error);
    span.end();
    throw error;
  }
  if (result instanceof Promise) return tracePromise(result, span, ctx, outcome) as ReturnType<F>;
  if (isThenable(result)) return traceThenable(result, span, ctx, outcome) as ReturnType<F>;
  // A Subject is also an Observer its caller feeds: handed back as it is, like any value.
  if (isObservable(result) && typeof (result as { next?: unknown }).next !== 'function') {
    return traceObservable(result, span, ctx, outcome) as ReturnType<F>;
  }
  if (isAsyncIterator(result)) return traceAsyncIterator(result, span, ctx, outcome) as ReturnType<F>;
  outcome.onSuccess?.(span);
  span.end();
  return result as ReturnType<F>;
}
