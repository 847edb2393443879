import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';

export type SpanMatcher = string | ((span: ReadableSpan) => boolean);

function matches(span: ReadableSpan, matcher: SpanMatcher): boolean {
  return typeof matcher === 'string' ? span.name === matcher : matcher(span);
}

/**
 * An in-memory exporter with the look-ups tests need. Pass it as `exporter` to
 * `TracingModule.forRoot()`; spans are exported as soon as they end.
 */
export class TestSpanExporter extends InMemorySpanExporter {
  /**
   * Keeps the spans readable after `app.close()` (the SDK's in-memory exporter clears them on
   * shutdown), so a test can close the app, which flushes, and then assert. `reset()` clears.
   */
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }

  get spans(): ReadableSpan[] {
    return this.getFinishedSpans();
  }

  /** Names of the finished spans, in the order they ended. */
  get spanNames(): string[] {
    return this.spans.map((span) => span.name);
  }

  find(matcher: SpanMatcher): ReadableSpan | undefined {
    return this.spans.find((span) => matches(span, matcher));
  }

  findAll(matcher: SpanMatcher): ReadableSpan[] {
    return this.spans.filter((span) => matches(span, matcher));
  }

  /** The finished spans whose parent is `parent`. */
  childrenOf(parent: ReadableSpan): ReadableSpan[] {
    const { traceId, spanId } = parent.spanContext();
    return this.spans.filter(
      (span) => span.spanContext().traceId === traceId && span.parentSpanContext?.spanId === spanId,
    );
  }

  /** The SERVER spans, e.g. one per HTTP request. */
  get serverSpans(): ReadableSpan[] {
    return this.spans.filter((span) => span.kind === SpanKind.SERVER);
  }

  /**
   * Resolves with the first span that matches once it has ended (a server span ends when the
   * response closes, which can be just after the client has read it).
   */
  async waitFor(matcher: SpanMatcher, timeoutMillis = 5000): Promise<ReadableSpan> {
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      const span = this.find(matcher);
      if (span) return span;
      if (Date.now() > deadline) {
        throw new Error(`No span matched ${typeof matcher === 'string' ? `"${matcher}"` : 'the predicate'}; finished: ${JSON.stringify(this.spanNames)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Resolves once at least `count` spans have ended. */
  async waitForCount(count: number, timeoutMillis = 5000): Promise<ReadableSpan[]> {
    const deadline = Date.now() + timeoutMillis;
    while (this.spans.length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} spans, got ${JSON.stringify(this.spanNames)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.spans;
  }
}
