import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { renderTraceTrees } from '../export/render-traces';
import { describeMatcher, matches, SpanMatcher } from './span-query';

const POLL_MILLIS = 5;

const sleep = () => new Promise((resolve) => setTimeout(resolve, POLL_MILLIS));

/**
 * An in-memory exporter with the look-ups tests need. `TracingTestingModule.forRoot()` installs
 * one; it can also be passed as `exporter` to `TracingModule.forRoot()`. With the `'simple'`
 * span processor (the default for it) spans are readable as soon as they end.
 */
export class TestSpanExporter extends InMemorySpanExporter {
  /**
   * Keeps the spans readable after `app.close()` (the SDK's in-memory exporter clears them on
   * shutdown), so a test can close the app, which flushes, and then assert. `reset()` clears.
   */
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** The finished spans, in the order they ended. */
  get spans(): ReadableSpan[] {
    return this.getFinishedSpans();
  }

  /** Names of the finished spans, in the order they ended. */
  get spanNames(): string[] {
    return this.spans.map((span) => span.name);
  }

  /** The SERVER spans, e.g. one per HTTP request. */
  get serverSpans(): ReadableSpan[] {
    return this.spans.filter((span) => span.kind === SpanKind.SERVER);
  }

  /** The first finished span that matches, if any. */
  find<S extends ReadableSpan>(matcher: (span: ReadableSpan) => span is S): S | undefined;
  find(matcher: SpanMatcher): ReadableSpan | undefined;
  find(matcher: SpanMatcher): ReadableSpan | undefined {
    return this.spans.find((span) => matches(span, matcher));
  }

  /** Every finished span that matches, in the order they ended. */
  findAll<S extends ReadableSpan>(matcher: (span: ReadableSpan) => span is S): S[];
  findAll(matcher: SpanMatcher): ReadableSpan[];
  findAll(matcher: SpanMatcher): ReadableSpan[] {
    return this.spans.filter((span) => matches(span, matcher));
  }

  /** The finished spans whose parent is `parent`. */
  childrenOf(parent: ReadableSpan): ReadableSpan[] {
    return this.findAll({ parent });
  }

  /**
   * Resolves with the first span that matches once it has ended (a server span ends when the
   * response closes, which can be just after the client has read it); rejects after
   * `timeoutMillis` naming the spans that did end.
   * @param timeoutMillis @default 5000
   */
  waitFor<S extends ReadableSpan>(matcher: (span: ReadableSpan) => span is S, timeoutMillis?: number): Promise<S>;
  waitFor(matcher: SpanMatcher, timeoutMillis?: number): Promise<ReadableSpan>;
  async waitFor(matcher: SpanMatcher, timeoutMillis = 5000): Promise<ReadableSpan> {
    const [span] = await this.waitForAll(matcher, 1, timeoutMillis);
    return span;
  }

  /**
   * Resolves with the matching spans once at least `count` have ended.
   * @param timeoutMillis @default 5000
   */
  async waitForAll(matcher: SpanMatcher, count: number, timeoutMillis = 5000): Promise<ReadableSpan[]> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const found = this.findAll(matcher);
      if (found.length >= count) return found;
      if (Date.now() > deadline) {
        throw new Error(`Expected ${count} span(s) matching ${describeMatcher(matcher)}, found ${found.length}; finished: ${JSON.stringify(this.spanNames)}`);
      }
      await sleep();
    }
  }

  /** Resolves once at least `count` spans have ended, whatever they are. */
  waitForCount(count: number, timeoutMillis = 5000): Promise<ReadableSpan[]> {
    return this.waitForAll(() => true, count, timeoutMillis);
  }

  /**
   * The finished spans drawn as the console exporter draws them, one tree per trace (or only
   * the trace of `traceId`), traces in the order their first span ended.
   * @param attributes attributes printed beside each span @default every one but the protocol ones
   */
  tree(traceId?: string, attributes?: string[]): string {
    const traces = new Map<string, ReadableSpan[]>();
    for (const span of this.spans) {
      const id = span.spanContext().traceId;
      if (traceId !== undefined && id !== traceId) continue;
      const spans = traces.get(id);
      if (spans) spans.push(span);
      else traces.set(id, [span]);
    }
    return [...traces.values()].flatMap((spans) => renderTraceTrees(spans, { attributes })).join('');
  }
}
