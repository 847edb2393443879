import 'reflect-metadata';
import { context, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { defer, firstValueFrom, lastValueFrom, Observable, Subject, take, throwError, toArray } from 'rxjs';
import { tracingRuntime } from '../tracing.runtime';
import { runInSpan } from './run-in-span';
import { Traced } from './traced.decorator';
import { useGlobalTestProvider } from '../../test/support/global-test-provider';

const exporter = useGlobalTestProvider();


function only(name: string): ReadableSpan {
  const spans = exporter.findAll(name);
  expect(spans).toHaveLength(1);
  return spans[0];
}

function expectChildOf(child: ReadableSpan, parent: ReadableSpan): void {
  expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
  expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
}

function expectError(span: ReadableSpan, error: Error): void {
  expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: error.message });
  expect(span.events.filter((event) => event.name === 'exception')).toHaveLength(1);
}

const failure = new Error('boom');
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A thenable that is not a Promise and settles only when the test says so, like a query in flight. */
class ManualThenable<T> implements PromiseLike<T> {
  private readonly waiting: { fulfil: (value: T) => void; reject: (error: unknown) => void }[] = [];

  then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((error: unknown) => B | PromiseLike<B>) | null) {
    return new Promise<T>((fulfil, reject) => this.waiting.push({ fulfil, reject })).then(onFulfilled, onRejected);
  }

  resolve(value: T): void {
    for (const { fulfil } of this.waiting) fulfil(value);
  }

  reject(error: unknown): void {
    for (const { reject } of this.waiting) reject(error);
  }
}

class Work {
  @Traced()
  inner(): string {
    return 'inner';
  }

  @Traced()
  async resolves(value: number): Promise<number> {
    await tick();
    return value * 2;
  }

  @Traced()
  async rejects(): Promise<never> {
    await tick();
    throw failure;
  }

  @Traced()
  thenable(value: number): PromiseLike<number> {
    // Not a native Promise: resolves through its own `then`, which returns nothing.
    return { then: (resolve?: ((value: number) => unknown) | null) => void resolve?.(value) } as unknown as PromiseLike<number>;
  }

  @Traced()
  manual(thenable: ManualThenable<number>): PromiseLike<number> {
    return thenable;
  }

  @Traced()
  lazyThenable(): PromiseLike<string> {
    // Like a query builder: the work starts only when `then` is called.
    return { then: (resolve, reject) => Promise.resolve().then(() => this.inner()).then(resolve, reject) };
  }

  @Traced()
  brokenThenable(): PromiseLike<number> {
    return {
      then: () => {
        throw failure;
      },
    };
  }

  @Traced()
  stream(values: number[]): Observable<number> {
    return new Observable<number>((subscriber) => {
      setTimeout(() => {
        for (const value of values) subscriber.next(value);
        subscriber.next(this.inner().length);
        subscriber.complete();
      }, 1);
    });
  }

  @Traced()
  deferred(): Observable<string> {
    return defer(async () => this.inner());
  }

  @Traced()
  failingStream(): Observable<never> {
    return throwError(() => failure);
  }

  @Traced()
  endless(source: Subject<number>): Observable<number> {
    return source.asObservable();
  }

  @Traced()
  async *generate(count: number, failAt?: number): AsyncGenerator<string> {
    for (let i = 0; i < count; i++) {
      await tick();
      if (i === failAt) throw failure;
      yield `${this.inner()}-${i}`;
    }
  }
}

describe('the wrapper, for every return shape', () => {
  const work = new Work();

  it('ends the span when a Promise resolves, with its value', async () => {
    const pending = work.resolves(21);
    expect(exporter.findAll('Work.resolves')).toHaveLength(0);
    await expect(pending).resolves.toBe(42);
    expect(only('Work.resolves').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('rejects with the same error object and records it', async () => {
    await expect(work.rejects()).rejects.toBe(failure);
    expectError(only('Work.rejects'), failure);
  });

  it('waits for a non-native thenable and resolves with its value', async () => {
    await expect(work.thenable(7)).resolves.toBe(7);
    expect(only('Work.thenable').ended).toBe(true);
  });

  it('keeps a non-native thenable span open until the thenable settles', async () => {
    const thenable = new ManualThenable<number>();
    const awaited = (async () => await work.manual(thenable))();
    await tick();
    expect(exporter.findAll('Work.manual')).toHaveLength(0);
    thenable.resolve(3);
    await expect(awaited).resolves.toBe(3);
    expect(only('Work.manual').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records the rejection of a non-native thenable once it rejects, and passes on the same error', async () => {
    const thenable = new ManualThenable<number>();
    const awaited = (async () => await work.manual(thenable))();
    await tick();
    expect(exporter.findAll('Work.manual')).toHaveLength(0);
    thenable.reject(failure);
    await expect(awaited).rejects.toBe(failure);
    expectError(only('Work.manual'), failure);
  });

  it('keeps the span of a callable thenable (a function with a then method) open until it settles', async () => {
    const thenable = new ManualThenable<number>();
    class Queries {
      @Traced()
      builder(): PromiseLike<number> {
        // Like a query builder that is itself a function: callable, and awaited through its `then`.
        return Object.assign(() => 'called', { then: thenable.then.bind(thenable) });
      }
    }
    const awaited = (async () => await new Queries().builder())();
    await tick();
    expect(exporter.findAll('Queries.builder')).toHaveLength(0);
    thenable.reject(failure);
    await expect(awaited).rejects.toBe(failure);
    expectError(only('Queries.builder'), failure);
  });

  it('runs the work a lazy thenable starts in the span', async () => {
    await expect(work.lazyThenable()).resolves.toBe('inner');
    expectChildOf(only('Work.inner'), only('Work.lazyThenable'));
  });

  it('records a thenable whose then throws, which await turns into a rejection, as it would untraced', async () => {
    const awaitIt = async () => await work.brokenThenable();
    await expect(awaitIt()).rejects.toBe(failure);
    expectError(only('Work.brokenThenable'), failure);
  });

  it('keeps an Observable span open from subscription to complete, with work inside as children', async () => {
    const stream = work.stream([1, 2]);
    await tick();
    expect(exporter.findAll('Work.stream')).toHaveLength(0);
    await expect(lastValueFrom(stream.pipe(toArray()))).resolves.toEqual([1, 2, 5]);
    const span = only('Work.stream');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expectChildOf(only('Work.inner'), span);
  });

  it('runs a defer body in the span', async () => {
    await expect(firstValueFrom(work.deferred())).resolves.toBe('inner');
    expectChildOf(only('Work.inner'), only('Work.deferred'));
  });

  it('records an Observable error and passes the same error on', async () => {
    await expect(firstValueFrom(work.failingStream())).rejects.toBe(failure);
    expectError(only('Work.failingStream'), failure);
  });

  it('ends an Observable span when the consumer unsubscribes, without an error', () => {
    const source = new Subject<number>();
    const seen: number[] = [];
    const subscription = work.endless(source).subscribe((value) => seen.push(value));
    source.next(1);
    expect(exporter.findAll('Work.endless')).toHaveLength(0);
    subscription.unsubscribe();
    source.next(2);
    expect(seen).toEqual([1]);
    expect(only('Work.endless').status.code).toBe(SpanStatusCode.UNSET);
    expect(source.observed).toBe(false);
  });

  it('ends an Observable span once when take() completes it early', async () => {
    const source = new Subject<number>();
    const first = firstValueFrom(work.endless(source).pipe(take(1)));
    source.next(9);
    await expect(first).resolves.toBe(9);
    expect(only('Work.endless').ended).toBe(true);
  });

  it('stops a synchronous source as soon as the consumer has enough, as without tracing', () => {
    let emitted = 0;
    const source = new Observable<number>((subscriber) => {
      while (!subscriber.closed && emitted < 100) subscriber.next(++emitted);
    });
    class Numbers {
      @Traced()
      all(): Observable<number> {
        return source;
      }
    }
    const seen: number[] = [];
    new Numbers().all().pipe(take(2)).subscribe((value) => seen.push(value));
    expect(seen).toEqual([1, 2]);
    expect(emitted).toBe(2);
    expect(only('Numbers.all').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps an async generator span open until it is done, with its body in the span', async () => {
    const iterator = work.generate(2);
    const first = await iterator.next();
    expect(first).toEqual({ done: false, value: 'inner-0' });
    expect(exporter.findAll('Work.generate')).toHaveLength(0);
    const rest: string[] = [];
    for await (const value of iterator) rest.push(value);
    expect(rest).toEqual(['inner-1']);
    const span = only('Work.generate');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    for (const inner of exporter.findAll('Work.inner')) expectChildOf(inner, span);
  });

  it('ends an async generator span when for-await breaks early', async () => {
    for await (const value of work.generate(5)) {
      expect(value).toBe('inner-0');
      break;
    }
    const span = only('Work.generate');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(exporter.findAll('Work.inner')).toHaveLength(1);
  });

  it('records an error thrown inside an async generator and rethrows it', async () => {
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const value of work.generate(3, 1)) seen.push(value);
      })(),
    ).rejects.toBe(failure);
    expect(seen).toEqual(['inner-0']);
    expectError(only('Work.generate'), failure);
  });

  it('records the error a consumer throws into an async generator that does not catch it, and ends the span', async () => {
    const iterator = work.generate(3);
    expect(await iterator.next()).toEqual({ done: false, value: 'inner-0' });
    await expect(iterator.throw(failure)).rejects.toBe(failure);
    expectError(only('Work.generate'), failure);
  });

  it('keeps an async generator span open when the generator catches what was thrown into it, until it is done', async () => {
    class Retries {
      @Traced()
      async *attempts(): AsyncGenerator<string> {
        try {
          yield 'first';
        } catch {
          yield 'retried';
        }
      }
    }
    const iterator = new Retries().attempts();
    expect(await iterator.next()).toEqual({ done: false, value: 'first' });
    expect(await iterator.throw(failure)).toEqual({ done: false, value: 'retried' });
    expect(exporter.findAll('Retries.attempts')).toHaveLength(0);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    const span = only('Retries.attempts');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toEqual([]);
  });

  it('rethrows the very object a sync call threw', () => {
    const thrown = { reason: 'not an Error' };
    class Thrower {
      @Traced()
      run(): never {
        throw thrown;
      }
    }
    expect(() => new Thrower().run()).toThrow();
    try {
      new Thrower().run();
    } catch (error) {
      expect(error).toBe(thrown);
    }
    const spans = exporter.findAll('Thrower.run');
    expect(spans).toHaveLength(2);
    for (const span of spans) expect(span.status.code).toBe(SpanStatusCode.ERROR);
  });
});

/** Like a database cursor: an async iterator with methods and state of its own. */
class Cursor implements AsyncIterableIterator<number> {
  #rows = [1, 2, 3];
  async next(): Promise<IteratorResult<number>> {
    const row = this.#rows.shift();
    return row === undefined ? { done: true, value: undefined } : { done: false, value: row };
  }
  async toArray(): Promise<number[]> {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }
  [Symbol.asyncIterator]() {
    return this;
  }
}

/** Like a query builder: nothing runs until `then`; it has methods of its own. */
class Query implements PromiseLike<string> {
  runs = 0;
  exec(): Promise<string> {
    this.runs += 1;
    return Promise.resolve('rows');
  }
  then<A = string, B = never>(onFulfilled?: ((value: string) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null) {
    return this.exec().then(onFulfilled, onRejected);
  }
}

class Store {
  readonly updates = new Subject<number>();

  @Traced()
  cursor(): Cursor {
    return new Cursor();
  }

  @Traced()
  query(): Query {
    return new Query();
  }

  @Traced()
  feed(): Subject<number> {
    return this.updates;
  }
}

describe('the wrapper hands back what the method returned, with its own methods', () => {
  const store = new Store();

  it('keeps a cursor-like iterator an instance of its class, with its methods working', async () => {
    const cursor = store.cursor();
    expect(cursor).toBeInstanceOf(Cursor);
    expect(await cursor.next()).toEqual({ done: false, value: 1 });
    await expect(cursor.toArray()).resolves.toEqual([2, 3]);
    expect(await cursor.next()).toEqual({ done: true, value: undefined });
    expect(only('Store.cursor').ended).toBe(true);
  });

  it('starts nothing of a lazy thenable until it is awaited, and keeps its methods', async () => {
    const query = store.query();
    expect(query).toBeInstanceOf(Query);
    await tick();
    expect(query.runs).toBe(0);
    await expect(query).resolves.toBe('rows');
    expect(query.runs).toBe(1);
    expect(only('Store.query').ended).toBe(true);
  });

  it('returns a Subject itself, so the caller can still feed it', () => {
    const feed = store.feed();
    expect(feed).toBe(store.updates);
    expect(() => feed.next(1)).not.toThrow();
  });
});

describe('runInSpan outcome hooks', () => {
  const tracer = () => tracingRuntime.tracer;

  it('calls onCancel once when an Observable is abandoned, and not after complete', () => {
    const cancelled: Span[] = [];
    const outcome = { onError: () => undefined, onCancel: (span: Span) => cancelled.push(span) };
    const source = new Subject<number>();
    const span = tracer().startSpan('cancelled');
    const observable = runInSpan(span, trace.setSpan(context.active(), span), () => source.asObservable(), undefined, [], outcome);
    const subscription = observable.subscribe();
    subscription.unsubscribe();
    subscription.unsubscribe();
    expect(cancelled).toEqual([span]);

    const completed = tracer().startSpan('completed');
    runInSpan(completed, trace.setSpan(context.active(), completed), () => defer(() => [1]), undefined, [], outcome)
      .subscribe()
      .unsubscribe();
    expect(cancelled).toEqual([span]);
    expect(exporter.spanNames.sort()).toEqual(['cancelled', 'completed']);
  });

  it('follows a resolved Observable to its end only for an outcome that asks to (server handlers)', async () => {
    const values = new Subject<number>();
    const resolvesToStream = () => Promise.resolve(values.pipe(take(2), toArray()));
    const method = tracer().startSpan('method');
    await runInSpan(method, context.active(), resolvesToStream, undefined, []);
    const handler = tracer().startSpan('handler');
    const errors: unknown[] = [];
    const outcome = { followsResolvedObservable: true, onError: (_span: Span, error: unknown) => errors.push(error) };
    const reply = (await runInSpan(handler, context.active(), resolvesToStream, undefined, [], outcome)) as Observable<number[]>;
    // A user method's span ends with its Promise: its Observable may never be subscribed.
    expect(exporter.spanNames).toEqual(['method']);
    const replied = lastValueFrom(reply);
    values.next(1);
    expect(exporter.spanNames).toEqual(['method']);
    values.next(2);
    expect(await replied).toEqual([1, 2]);
    expect(exporter.spanNames).toEqual(['method', 'handler']);
    expect(errors).toEqual([]);
  });

  it('passes what was thrown to onError, even when it is not an Error', async () => {
    const errors: unknown[] = [];
    const outcome = { onError: (_span: Span, error: unknown) => errors.push(error) };
    const span = tracer().startSpan('rejected');
    const rejected = runInSpan(span, context.active(), () => Promise.reject('plain string'), undefined, [], outcome);
    await expect(rejected).rejects.toBe('plain string');
    expect(errors).toEqual(['plain string']);
    expect(only('rejected').status.code).toBe(SpanStatusCode.UNSET);
  });
});
