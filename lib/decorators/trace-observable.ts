import type { Context, Span } from '@opentelemetry/api';
import { finalize, Observable, tap } from 'rxjs';
import { tracingRuntime } from '../tracing.runtime';
import { endOnce } from './end-once';
import type { SpanOutcome } from './span-outcome';

/**
 * The span lasts from subscription to complete, error or unsubscribe, and the source is
 * subscribed in the span's context so the work it starts is a child of the span.
 */
export function traceObservable<T>(source: Observable<T>, span: Span, ctx: Context, outcome: SpanOutcome): Observable<T> {
  const end = endOnce(span);
  // The source gets the downstream subscriber itself (not a detached observer), so an early
  // unsubscribe (take, first) closes it at once, even while it is still emitting synchronously.
  return new Observable<T>((subscriber) => tracingRuntime.with(ctx, () => source.subscribe(subscriber))).pipe(
    tap({
      error: (error: unknown) => {
        outcome.onError(span, error);
        end();
      },
      complete: () => {
        outcome.onSuccess?.(span);
        end();
      },
    }),
    finalize(() => {
      // Neither complete nor error came: the consumer walked away.
      if (!end.isOpen()) return;
      outcome.onCancel?.(span);
      end();
    }),
  );
}
