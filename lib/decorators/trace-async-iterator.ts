import type { Context, Span } from '@opentelemetry/api';
import { tracingRuntime } from '../tracing.runtime';
import { endOnce } from './end-once';
import type { SpanOutcome } from './span-outcome';

type StepMethod = 'next' | 'return' | 'throw';

/**
 * The span lasts until the iterator is done, returned or throws; each step runs in the span's
 * context. The iterator handed back is a Proxy of the original: its other methods and fields
 * (a database cursor's `toArray`, `instanceof`) are the original's, run on the original.
 */
export function traceAsyncIterator<T>(
  source: AsyncIterableIterator<T>,
  span: Span,
  ctx: Context,
  outcome: SpanOutcome,
): AsyncIterableIterator<T> {
  const end = endOnce(span);
  const step = (method: StepMethod, call: Function, arg: unknown): Promise<IteratorResult<T>> => {
    let pending: Promise<IteratorResult<T>>;
    try {
      pending = Promise.resolve(tracingRuntime.with(ctx, () => Reflect.apply(call, source, [arg])));
    } catch (error) {
      pending = Promise.reject(error);
    }
    return pending.then(
      (result) => {
        // A consumer's early `return` is not the iterator finishing its work.
        if (result.done && method !== 'return' && end.isOpen()) outcome.onSuccess?.(span);
        if (result.done || method === 'return') end();
        return result;
      },
      (error: unknown) => {
        if (end.isOpen()) outcome.onError(span, error);
        end();
        throw error;
      },
    );
  };
  return new Proxy(source, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      if (key === 'next' || key === 'return' || key === 'throw') return (arg?: unknown) => step(key, value, arg);
      if (key === Symbol.asyncIterator) return () => receiver;
      return value.bind(target);
    },
  });
}
