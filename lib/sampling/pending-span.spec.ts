import { ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { KeepOptions } from '../tracing.options';
import { buildSampler } from './build-sampler';
import { decidedTraceIds } from './head-sampler';
import { ATTR_SAMPLING_KEPT } from './kept-span';
import { KeepUnsampledProcessor } from './keep-unsampled.processor';
import { PENDING_CHILDREN } from './pending-children.tracer';
import { PendingSpan } from './pending-span';

/** Ratio 0 with keep: every new trace is dropped by the head and recorded as pending. */
function setUp(keep: KeepOptions = { errors: true }) {
  const resolved = buildSampler({ ratio: 0, keep });
  const head = resolved.head!;
  const exporter = new InMemorySpanExporter();
  const processor = new KeepUnsampledProcessor(new SimpleSpanProcessor(exporter), resolved.keep!, resolved.stats!, resolved.deferredAttributes!, head);
  // Counts the spans the SDK starts, whatever becomes of them.
  let sdkStarts = 0;
  const counting: SpanProcessor = {
    onStart: () => void (sdkStarts += 1),
    onEnd: () => undefined,
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const provider = new BasicTracerProvider({ sampler: resolved.sampler, idGenerator: decidedTraceIds(head), spanProcessors: [processor, counting] });
  const tracer = provider.getTracer('test');
  const startRoot = (name: string, startTime?: [number, number]) => head.startRoot(tracer, name, { kind: SpanKind.SERVER, startTime }, ROOT_CONTEXT);
  return { provider, exporter, processor, stats: resolved.stats!, startRoot, sdkStarts: () => sdkStarts };
}

function child(name: string, parent: Span): Span {
  return PENDING_CHILDREN.startSpan(name, {}, trace.setSpan(ROOT_CONTEXT, parent));
}

const byName = (spans: ReadableSpan[]) => Object.fromEntries(spans.map((span) => [span.name, span]));

describe('PendingSpan: unsampled traces recorded outside the SDK with keep', () => {
  it('exports the whole trace through the SDK when a grandchild fails, with the ids it propagated, times, attributes, events and status', () => {
    const { exporter, stats, startRoot, sdkStarts } = setUp();
    const root = startRoot('GET');
    expect(root).toBeInstanceOf(PendingSpan);
    expect(root.isRecording()).toBe(true);
    (root as PendingSpan).deferStartAttributes((path: string) => ({ 'url.path': path }), '/orders/7');
    const service = child('OrdersService.find', root);
    service.setAttributes({ 'order.id': 7 });
    const query = child('SELECT orders', service);
    const propagated = query.spanContext(); // e.g. sent downstream while the trace ran
    expect(propagated.traceFlags).toBe(TraceFlags.NONE);
    query.recordException(new Error('connection reset'));
    query.addEvent('retry', { attempt: 2 });
    query.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    query.end();
    service.end();
    root.setAttribute('http.route', '/orders/:id');
    root.updateName('GET /orders/:id');
    expect([exporter.getFinishedSpans().length, sdkStarts()]).toEqual([0, 0]);
    root.end();

    const spans = byName(exporter.getFinishedSpans());
    expect(Object.keys(spans).sort()).toEqual(['GET /orders/:id', 'OrdersService.find', 'SELECT orders']);
    const [server, find, select] = [spans['GET /orders/:id'], spans['OrdersService.find'], spans['SELECT orders']];
    expect(select.spanContext().traceId).toBe(propagated.traceId);
    expect(select.spanContext().spanId).toBe(propagated.spanId);
    for (const span of [server, find, select]) {
      expect(span.spanContext().traceId).toBe(propagated.traceId);
      expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
      expect(span.attributes[ATTR_SAMPLING_KEPT]).toBe('error');
    }
    expect(server.spanContext().spanId).toBe(root.spanContext().spanId);
    expect(server.parentSpanContext).toBeUndefined();
    expect(find.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(select.parentSpanContext?.spanId).toBe(find.spanContext().spanId);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toEqual({ 'url.path': '/orders/7', 'http.route': '/orders/:id', [ATTR_SAMPLING_KEPT]: 'error' });
    expect(find.attributes).toEqual({ 'order.id': 7, [ATTR_SAMPLING_KEPT]: 'error' });
    expect(select.events.map((event) => [event.name, event.attributes?.['exception.message'] ?? event.attributes?.attempt])).toEqual([
      ['exception', 'connection reset'],
      ['retry', 2],
    ]);
    expect(select.status).toEqual({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    const ms = (time: [number, number]) => time[0] * 1000 + time[1] / 1e6;
    expect(ms(server.startTime)).toBeLessThanOrEqual(ms(select.startTime));
    expect(ms(select.endTime)).toBeLessThanOrEqual(ms(server.endTime));
    expect(Math.abs(ms(server.startTime) - Date.now())).toBeLessThan(60_000);
    expect(stats.snapshot()).toEqual({ sampled: 0, dropped: 1, keptError: 1, keptSlow: 0, bufferDrops: 0 });
  });

  it('forgets fast traces that end OK without the SDK starting a span, and holds nothing once they ended', () => {
    const { exporter, processor, startRoot, sdkStarts } = setUp({ errors: true, slowerThanMs: 2000 });
    for (let i = 0; i < 100; i += 1) {
      const root = startRoot('GET /health');
      child('check', root).end();
      root.end();
    }
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(sdkStarts()).toBe(0);
    expect([processor.bufferedTraces, processor.bufferedSpans]).toEqual([0, 0]);
  });

  it.each([
    [2000, false],
    [2001, true],
  ])('keeps a pending trace whose root lasted %p ms when slowerThanMs is 2000: %p', (lasted, kept) => {
    const { exporter, stats, startRoot } = setUp({ errors: false, slowerThanMs: 2000 });
    const root = startRoot('GET /report', [1000, 0]);
    child('render', root).end();
    root.end([1000 + Math.floor(lasted / 1000), (lasted % 1000) * 1e6]);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => span.attributes[ATTR_SAMPLING_KEPT])).toEqual(kept ? ['slow', 'slow'] : []);
    if (kept) expect(byName(spans)['GET /report'].startTime).toEqual([1000, 0]);
    expect(stats.keptSlow).toBe(kept ? 1 : 0);
  });

  it("puts a span another tracer starts under a pending one in the same trace, and a late child of a kept trace is exported as it ends", () => {
    const { provider, exporter, startRoot } = setUp();
    const root = startRoot('GET /orders');
    const foreign = provider.getTracer('other-instrumentation').startSpan('redis GET', {}, trace.setSpan(ROOT_CONTEXT, root));
    expect(foreign.isRecording()).toBe(true);
    foreign.end();
    const late = child('send email', root);
    root.setStatus({ code: SpanStatusCode.ERROR });
    root.end();
    expect(Object.keys(byName(exporter.getFinishedSpans())).sort()).toEqual(['GET /orders', 'redis GET']);
    late.end();
    const spans = byName(exporter.getFinishedSpans());
    expect(spans['redis GET'].parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(spans['send email'].attributes[ATTR_SAMPLING_KEPT]).toBe('error');
    // A child of an ended pending span is not recorded, as under an ended SDK span.
    expect(child('after the end', root).isRecording()).toBe(false);
  });

  it('holds at most maxTraces pending traces, oldest dropped first', () => {
    const { processor, stats, startRoot, exporter } = setUp({ errors: true, maxTraces: 3 });
    const roots = [1, 2, 3, 4, 5].map((i) => startRoot(`root ${i}`));
    expect(processor.bufferedTraces).toBe(3);
    expect(stats.bufferDrops).toBe(2);
    for (const root of roots) {
      root.setStatus({ code: SpanStatusCode.ERROR });
      root.end();
    }
    expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['root 3', 'root 4', 'root 5']);
    expect(processor.bufferedTraces).toBe(0);
  });
});
