import type { ViewerSpan } from './viewer-span';

/** One trace's spans in the order they ended, and how many were past the cap. */
export interface StoredTrace {
  readonly traceId: string;
  readonly spans: ViewerSpan[];
  droppedSpans: number;
}

/**
 * The last `maxTraces` traces of the process by trace id, each at most `maxSpansPerTrace`
 * spans: every app of the process feeds the same store, so a request crossing several of them
 * is one trace. Memory is bounded by `maxTraces × maxSpansPerTrace` spans, each bounded by the
 * span limits (attribute count and length, events).
 */
export class TraceStore {
  /** In the order each trace was first seen: the first key is the oldest. */
  private readonly traces = new Map<string, StoredTrace>();

  constructor(
    readonly maxTraces: number,
    readonly maxSpansPerTrace: number,
  ) {}

  add(span: ViewerSpan): void {
    const traceId = span.spanContext().traceId;
    let trace = this.traces.get(traceId);
    if (trace === undefined) {
      trace = { traceId, spans: [], droppedSpans: 0 };
      this.traces.set(traceId, trace);
      if (this.traces.size > this.maxTraces) this.traces.delete(this.traces.keys().next().value!);
    }
    if (trace.spans.length < this.maxSpansPerTrace) trace.spans.push(span);
    else trace.droppedSpans += 1;
  }

  get(traceId: string): StoredTrace | undefined {
    return this.traces.get(traceId);
  }

  all(): StoredTrace[] {
    return [...this.traces.values()];
  }

  get size(): number {
    return this.traces.size;
  }
}
