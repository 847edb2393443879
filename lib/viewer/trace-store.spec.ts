import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { TraceStore } from './trace-store';
import type { ViewerSpan } from './viewer-span';

function spanOf(traceId: string, spanId = '00f067aa0ba902b7'): ViewerSpan {
  return {
    name: 'work',
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
    startTime: [1, 0],
    endTime: [1, 1],
    duration: [0, 1],
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    events: [],
    resource: { attributes: {} },
  };
}

const traceId = (index: number) => index.toString(16).padStart(32, '0');

describe('TraceStore', () => {
  it('holds the last maxTraces of 10,000 traces', () => {
    const store = new TraceStore(50, 10);
    for (let index = 0; index < 10_000; index++) store.add(spanOf(traceId(index)));
    expect(store.size).toBe(50);
    expect(store.all().map((trace) => trace.traceId)).toEqual(Array.from({ length: 50 }, (_, offset) => traceId(9_950 + offset)));
    expect(store.get(traceId(9_949))).toBeUndefined();
  });

  it('keeps at most maxSpansPerTrace spans of a trace of 100,000 and counts the others', () => {
    const store = new TraceStore(5, 1000);
    for (let index = 0; index < 100_000; index++) store.add(spanOf(traceId(1)));
    expect(store.get(traceId(1))).toMatchObject({ droppedSpans: 99_000 });
    expect(store.get(traceId(1))!.spans).toHaveLength(1000);
  });

  it('joins the spans of one trace id, whichever app recorded them', () => {
    const store = new TraceStore(5, 10);
    store.add(spanOf(traceId(7), 'aaaaaaaaaaaaaaaa'));
    store.add(spanOf(traceId(8)));
    store.add(spanOf(traceId(7), 'bbbbbbbbbbbbbbbb'));
    expect(store.get(traceId(7))!.spans.map((span) => span.spanContext().spanId)).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
    expect(store.size).toBe(2);
  });
});
