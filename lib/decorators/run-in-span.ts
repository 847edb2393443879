import type { Context, Span } from '@opentelemetry/api';
import { finalize, isObservable, Observable, tap } from 'rxjs';
import { tracingRuntime } from '../tracing.runtime';
import { ERROR_OUTCOME, SpanOutcome } from './span-outcome';

type AnyFunction = (this: unknown, ...args: any[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
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

interface EndOnce {
  (): void;
  isOpen(): boolean;
}

/** Ends the span once, however many of complete/error/unsubscribe/return arrive. */
function endOnce(span: Span): EndOnce {
  let open = true;
  const end = (() => {
    if (!open) return;
    open = false;
    span.end();
  }) as EndOnce;
  end.isOpen = () => open;
  return end;
}

function traceObservable<T>(source: Observable<T>, span: Span, ctx: Context, outcome: SpanOutcome): Observable<T> {
  const end = endOnce(span);
  // The source gets the downstream subscriber itself (not a detached observer), so an early
  // unsubscribe (take, first) closes it at once, even while it is still emitting synchronously.
  return new Observable<T>((subscriber) => tracingRuntime.with(ctx, () => source.subscribe(subscriber))).pipe(
    tap({
      error: (error: unknown) => {
        outcome.onError(span, error);
        end();
      },
      complete: end,
    }),
    finalize(() => {
      // Neither complete nor error came: the consumer walked away.
      if (!end.isOpen()) return;
      outcome.onCancel?.(span);
      end();
    }),
  );
}

function traceAsyncIterator<T>(
  source: AsyncIterableIterator<T>,
  span: Span,
  ctx: Context,
  outcome: SpanOutcome,
): AsyncIterableIterator<T> {
  const end = endOnce(span);
  const step = (method: 'next' | 'return' | 'throw', arg?: unknown): Promise<IteratorResult<T>> => {
    const call = source[method];
    if (typeof call !== 'function') {
      end();
      if (method === 'throw') return Promise.reject(arg);
      return Promise.resolve({ done: true, value: arg as T });
    }
    let pending: Promise<IteratorResult<T>>;
    try {
      pending = Promise.resolve(tracingRuntime.with(ctx, Reflect.apply, undefined, call, source, [arg]));
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (result) => {
        if (result.done || method === 'return') end();
        return result;
      },
      (error: unknown) => {
        outcome.onError(span, error);
        end();
        throw error;
      },
    );
  };
  return {
    next: (value?: unknown) => step('next', value),
    return: (value?: unknown) => step('return', value),
    throw: (error?: unknown) => step('throw', error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

function adoptThenable<T>(thenable: PromiseLike<T>, ctx: Context): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    tracingRuntime.with(ctx, () => thenable.then(resolve, reject));
  });
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
  if (isThenable(result)) {
    // A foreign thenable may start its work in `then` (query builders) and may return nothing
    // from it: call it in the span's context, and hand back a native Promise that settles with it.
    const settled = result instanceof Promise ? result : adoptThenable(result, ctx);
    return settled.then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        outcome.onError(span, error);
        span.end();
        throw error;
      },
    ) as ReturnType<F>;
  }
  if (isObservable(result)) return traceObservable(result, span, ctx, outcome) as ReturnType<F>;
  if (isAsyncIterator(result)) return traceAsyncIterator(result, span, ctx, outcome) as ReturnType<F>;
  span.end();
  return result as ReturnType<F>;
}
