import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { traceToJson, summarizeTrace } from './trace-json';
import { TraceStore } from './trace-store';
import type { ViewerSpan } from './viewer-span';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const T0 = 1_700_000_000; // seconds

/** A finished span from `startMs` to `endMs` after T0 (whole milliseconds). */
function span(spanId: string, parentId: string | undefined, startMs: number, endMs: number, extra: Partial<ViewerSpan> = {}): ViewerSpan {
  const at = (ms: number): [number, number] => [T0 + Math.floor(ms / 1000), (ms % 1000) * 1e6];
  const duration = endMs - startMs;
  return {
    name: spanId,
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId: TRACE_ID, spanId, traceFlags: TraceFlags.SAMPLED }),
    parentSpanContext: parentId ? { traceId: TRACE_ID, spanId: parentId, traceFlags: TraceFlags.SAMPLED } : undefined,
    startTime: at(startMs),
    endTime: at(endMs),
    duration: [Math.floor(duration / 1000), (duration % 1000) * 1e6],
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    events: [],
    resource: { attributes: { 'service.name': 'orders' } },
    ...extra,
  };
}

function traceOf(...spans: ViewerSpan[]) {
  const store = new TraceStore(10, 100);
  for (const each of spans) store.add(each);
  return store.get(TRACE_ID)!;
}

describe('traceToJson', () => {
  it.each([
    ['a leaf', [], 100],
    ['one child in the middle', [[20, 50]], 70],
    ['two children one after the other', [[0, 10], [10, 30]], 70],
    ['overlapping children (parallel calls)', [[10, 40], [20, 60], [30, 50]], 50],
    ['a child inside another', [[10, 90], [20, 30]], 20],
    ['a child running past its parent (an async call not awaited)', [[80, 150]], 80],
    ['a child before its parent (clocks of two spans)', [[-5, 10]], 90],
  ])('self time of %s', (_, children, expected) => {
    const spans = [span('root', undefined, 0, 100), ...children.map(([start, end], index) => span(`c${index}`, 'root', start, end))];
    const root = traceToJson(traceOf(...spans)).spans.find((each) => each.spanId === 'root')!;
    expect(root.selfTimeMs).toBeCloseTo(expected, 6);
  });

  it('times spans from the trace start, by start time, and names the root the earliest span without a parent here', () => {
    // Ended in another order than they started; the remote parent is not in the store.
    const remoteChild = span('server', 'remote-parent', 5, 40, { kind: SpanKind.SERVER, resource: { attributes: { 'service.name': 'users' } } });
    const trace = traceToJson(traceOf(span('db', 'server', 10, 20, { kind: SpanKind.CLIENT }), remoteChild, span('late', undefined, 30, 45)));
    expect(trace.spans.map((each) => [each.spanId, each.startMs, each.kind, each.service])).toEqual([
      ['server', 0, 'SERVER', 'users'],
      ['db', 5, 'CLIENT', 'orders'],
      ['late', 25, 'INTERNAL', 'orders'],
    ]);
    expect(trace).toMatchObject({ traceId: TRACE_ID, name: 'server', service: 'users', durationMs: 40, spanCount: 3, errorCount: 0 });
  });

  it('gives status, message and events, relative to the trace start', () => {
    const failed = span('charge', undefined, 0, 10, {
      status: { code: SpanStatusCode.ERROR, message: 'declined' },
      events: [{ name: 'exception', time: [T0, 4e6], attributes: { 'exception.type': 'PaymentError' } }],
    });
    const [json] = traceToJson(traceOf(failed)).spans;
    expect(json).toMatchObject({ status: 'ERROR', statusMessage: 'declined', events: [{ name: 'exception', atMs: 4, attributes: { 'exception.type': 'PaymentError' } }] });
    expect(summarizeTrace(traceOf(failed)).errorCount).toBe(1);
  });

  it('summarizes a trace of 100k spans (no argument-count limit)', () => {
    const store = new TraceStore(1, 100_000);
    for (let index = 0; index < 100_000; index++) store.add(span(`s${index}`, undefined, index % 1000, (index % 1000) + 1));
    expect(summarizeTrace(store.get(TRACE_ID)!)).toMatchObject({ spanCount: 100_000, durationMs: 1000 });
  });
});
