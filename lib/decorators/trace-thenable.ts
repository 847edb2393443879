import type { Context, Span } from '@opentelemetry/api';
import { isObservable } from 'rxjs';
import { tracingRuntime } from '../tracing.runtime';
import { endOnce } from './end-once';
import type { SpanOutcome } from './span-outcome';
import { traceObservable } from './trace-observable';

/**
 * A native Promise: the span ends when it settles (or, for an outcome that follows resolved
 * Observables, when the Observable it resolves to ends); the caller gets a Promise of the same
 * outcome.
 */
export function tracePromise<T>(promise: Promise<T>, span: Span, ctx: Context, outcome: SpanOutcome): Promise<T> {
  return promise.then(
    (value) => {
      if (outcome.followsResolvedObservable && isObservable(value)) return traceObservable(value, span, ctx, outcome) as T;
      outcome.onSuccess?.(span);
      span.end();
      return value;
    },
    (error: unknown) => {
      outcome.onError(span, error);
      span.end();
      throw error;
    },
  );
}

/**
 * Any other thenable (a query builder, a PrismaPromise) may start its work only when `then` is
 * called, and may be handed to code that relies on its own methods and type. So it is returned
 * as a Proxy of itself that only watches `then`: run in the span's context, ending the span when
 * it settles. Nothing starts before the caller asks for it.
 */
export function traceThenable<T>(thenable: PromiseLike<T>, span: Span, ctx: Context, outcome: SpanOutcome): PromiseLike<T> {
  const end = endOnce(span);
  const fail = (error: unknown): void => {
    if (end.isOpen()) outcome.onError(span, error);
    end();
  };
  const tracedThen = function (this: unknown, onFulfilled?: (value: T) => unknown, onRejected?: (error: unknown) => unknown) {
    try {
      return callThen(onFulfilled, onRejected);
    } catch (error) {
      fail(error); // a `then` that throws: `await` turns it into a rejection, the span records it
      throw error;
    }
  };
  const callThen = (onFulfilled?: (value: T) => unknown, onRejected?: (error: unknown) => unknown) =>
    tracingRuntime.with(ctx, () =>
      thenable.then(
        (value) => {
          if (end.isOpen()) outcome.onSuccess?.(span);
          end();
          return onFulfilled ? onFulfilled(value) : value;
        },
        (error: unknown) => {
          fail(error);
          if (onRejected) return onRejected(error);
          throw error;
        },
      ),
    );
  return new Proxy(thenable, {
    get(target, key) {
      if (key === 'then') return tracedThen;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
