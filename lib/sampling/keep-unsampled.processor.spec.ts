import { Context, diag, ROOT_CONTEXT, Span, SpanStatusCode, trace, TraceFlags, Tracer } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resetReportedProblems } from '../diagnostics';
import type { KeepOptions, SamplerOptions } from '../tracing.options';
import { buildSampler } from './build-sampler';
import { ATTR_SAMPLING_KEPT } from './kept-span';
import { KeepUnsampledProcessor } from './keep-unsampled.processor';

function setUp(keep: KeepOptions, sampler: SamplerOptions = { ratio: 0 }) {
  const resolved = buildSampler({ ...sampler, keep });
  const exporter = new InMemorySpanExporter();
  const processor = new KeepUnsampledProcessor(new SimpleSpanProcessor(exporter), resolved.keep!, resolved.stats!, resolved.deferredAttributes!);
  const tracer = new BasicTracerProvider({ sampler: resolved.sampler, spanProcessors: [processor] }).getTracer('test');
  return { tracer, exporter, processor, stats: resolved.stats!, deferred: resolved.deferredAttributes! };
}

function child(tracer: Tracer, name: string, parent: Span): Span {
  return tracer.startSpan(name, {}, trace.setSpan(ROOT_CONTEXT, parent));
}

const names = (spans: ReadableSpan[]) => spans.map((span) => span.name).sort();

/** A caller's context from another process, sampled or not. */
function remoteParent(traceFlags: TraceFlags): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags, isRemote: true });
}

describe('KeepUnsampledProcessor', () => {
  afterEach(() => resetReportedProblems());

  it('exports the whole local trace when a grandchild fails, marked, flagged sampled, parents intact', () => {
    const { tracer, exporter, stats, processor } = setUp({ errors: true });
    const root = tracer.startSpan('GET /orders/:id');
    expect(root.spanContext().traceFlags).toBe(TraceFlags.NONE); // what callees are told
    const service = child(tracer, 'OrdersService.find', root);
    const query = child(tracer, 'SELECT orders', service);
    query.setStatus({ code: SpanStatusCode.ERROR, message: 'connection reset' });
    query.end();
    service.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0); // waits for the local root
    root.end();
    const spans = exporter.getFinishedSpans();
    expect(names(spans)).toEqual(['GET /orders/:id', 'OrdersService.find', 'SELECT orders']);
    const byName = Object.fromEntries(spans.map((span) => [span.name, span]));
    expect(byName['SELECT orders'].parentSpanContext?.spanId).toBe(service.spanContext().spanId);
    expect(byName['OrdersService.find'].parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    for (const span of spans) {
      expect(span.attributes[ATTR_SAMPLING_KEPT]).toBe('error');
      expect(span.spanContext().traceFlags & TraceFlags.SAMPLED).toBe(TraceFlags.SAMPLED);
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    expect(stats.snapshot()).toEqual({ sampled: 0, dropped: 1, keptError: 1, keptSlow: 0, bufferDrops: 0 });
    expect(processor.bufferedTraces).toBe(0);
  });

  it('exports nothing of fast traces that end OK, and holds nothing once they ended', () => {
    const { tracer, exporter, processor, stats } = setUp({ errors: true, slowerThanMs: 2000 });
    for (let i = 0; i < 100; i += 1) {
      const root = tracer.startSpan('GET /health');
      child(tracer, 'check', root).end();
      root.setStatus({ code: SpanStatusCode.OK });
      root.end();
    }
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect([processor.bufferedTraces, processor.bufferedSpans]).toEqual([0, 0]);
    expect(stats.snapshot()).toMatchObject({ dropped: 100, keptError: 0, keptSlow: 0 });
  });

  it.each([
    [1999, false],
    [2000, false],
    [2001, true],
  ])('keeps a trace whose local root lasted %p ms when slowerThanMs is 2000: %p', (lasted, kept) => {
    const { tracer, exporter, stats } = setUp({ errors: false, slowerThanMs: 2000 });
    const root = tracer.startSpan('GET /report', { startTime: [1000, 0] });
    child(tracer, 'render', root).end();
    root.end([1000 + Math.floor(lasted / 1000), (lasted % 1000) * 1e6]);
    expect(exporter.getFinishedSpans().map((span) => span.attributes[ATTR_SAMPLING_KEPT])).toEqual(kept ? ['slow', 'slow'] : []);
    expect(stats.keptSlow).toBe(kept ? 1 : 0);
  });

  it('adds the attributes deferred until a trace is kept, under those set on the span; a failing computation costs only them', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const { tracer, exporter, deferred } = setUp({ errors: true });
    const root = tracer.startSpan('GET /x', { attributes: { 'url.path': '/x?set' } });
    deferred.defer(root, () => ({ 'url.path': '/x', 'http.request.method': 'GET' }));
    const failing = child(tracer, 'failing', root);
    deferred.defer(failing, () => {
      throw new Error('mapper');
    });
    failing.setStatus({ code: SpanStatusCode.ERROR });
    failing.end();
    root.end();
    const spans = exporter.getFinishedSpans();
    expect(spans.find((span) => span.name === 'GET /x')!.attributes).toEqual({
      'url.path': '/x?set',
      'http.request.method': 'GET',
      [ATTR_SAMPLING_KEPT]: 'error',
    });
    expect(spans.find((span) => span.name === 'failing')!.attributes).toEqual({ [ATTR_SAMPLING_KEPT]: 'error' });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('does not keep failed traces with errors: false', () => {
    const { tracer, exporter } = setUp({ errors: false, slowerThanMs: 60_000 });
    const root = tracer.startSpan('GET /x');
    root.setStatus({ code: SpanStatusCode.ERROR });
    root.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('counts an error and a slow root once, as an error', () => {
    const { tracer, exporter, stats } = setUp({ errors: true, slowerThanMs: 0 });
    const root = tracer.startSpan('GET /x', { startTime: [1, 0] });
    root.setStatus({ code: SpanStatusCode.ERROR });
    root.end([5, 0]);
    expect(exporter.getFinishedSpans()[0].attributes[ATTR_SAMPLING_KEPT]).toBe('error');
    expect(stats.snapshot()).toMatchObject({ keptError: 1, keptSlow: 0 });
  });

  it('passes sampled spans straight through, unmarked', () => {
    const { tracer, exporter, processor } = setUp({ errors: true }, { ratio: 1 });
    const root = tracer.startSpan('GET /x');
    child(tracer, 'a', root).end();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    root.end();
    expect(exporter.getFinishedSpans().map((span) => span.attributes[ATTR_SAMPLING_KEPT])).toEqual([undefined, undefined]);
    expect(processor.bufferedTraces).toBe(0);
  });

  it('exports a span of a kept trace that ends after its root, and drops one of a forgotten trace', () => {
    const { tracer, exporter } = setUp({ errors: true });
    const failed = tracer.startSpan('failed');
    const lateOfFailed = child(tracer, 'late-of-failed', failed);
    failed.setStatus({ code: SpanStatusCode.ERROR });
    failed.end();
    const fine = tracer.startSpan('fine');
    const lateOfFine = child(tracer, 'late-of-fine', fine);
    fine.end();
    lateOfFailed.end();
    lateOfFine.end();
    expect(names(exporter.getFinishedSpans())).toEqual(['failed', 'late-of-failed']);
  });

  it("records under a caller's unsampled trace and keeps it when it fails; a sampled caller's trace is sampled", () => {
    const { tracer, exporter, stats } = setUp({ errors: true });
    const server = tracer.startSpan('GET /users/:id', {}, remoteParent(TraceFlags.NONE));
    expect(server.isRecording()).toBe(true);
    child(tracer, 'UsersService.get', server).end();
    server.setStatus({ code: SpanStatusCode.ERROR });
    server.end();
    const spans = exporter.getFinishedSpans();
    expect(names(spans)).toEqual(['GET /users/:id', 'UsersService.get']);
    expect(spans.find((span) => span.name === 'GET /users/:id')!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(stats.dropped).toBe(0); // not a decision of ours: the caller's
    exporter.reset();
    const sampled = tracer.startSpan('GET /users/:id', {}, remoteParent(TraceFlags.SAMPLED));
    expect(sampled.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    sampled.end();
    expect(exporter.getFinishedSpans()[0].attributes[ATTR_SAMPLING_KEPT]).toBeUndefined();
  });

  it('decides each local part of one trace on its own (a callee in the same process)', () => {
    const { tracer, exporter } = setUp({ errors: true });
    const caller = tracer.startSpan('GET /orders');
    const callee = tracer.startSpan('GET /users', {}, trace.setSpanContext(ROOT_CONTEXT, { ...caller.spanContext(), isRemote: true }));
    callee.setStatus({ code: SpanStatusCode.ERROR });
    callee.end();
    expect(names(exporter.getFinishedSpans())).toEqual(['GET /users']);
    caller.end();
    expect(names(exporter.getFinishedSpans())).toEqual(['GET /users']);
  });

  it('holds at most maxTraces traces and maxSpans spans over 100 000 unsampled traces, oldest dropped first, reported once', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const { tracer, exporter, processor, stats } = setUp({ errors: true, maxTraces: 500, maxSpans: 300 });
    const roots: Span[] = [];
    let mostTraces = 0;
    let mostSpans = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const root = tracer.startSpan(`root ${i}`);
      child(tracer, 'done', root).end();
      roots.push(root);
      mostTraces = Math.max(mostTraces, processor.bufferedTraces);
      mostSpans = Math.max(mostSpans, processor.bufferedSpans);
    }
    // One ended span per trace: the span bound is the one reached.
    expect([mostTraces, mostSpans]).toEqual([300, 300]);
    expect(stats.bufferDrops).toBe(100_000 - 300);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/buffer of unsampled traces is full \(sampler\.keep\.maxSpans 300, maxTraces 500\)/);
    // A dropped trace that fails later is lost; one still held is kept whole.
    roots[0].setStatus({ code: SpanStatusCode.ERROR });
    roots[0].end();
    roots[99_999].setStatus({ code: SpanStatusCode.ERROR });
    roots[99_999].end();
    expect(names(exporter.getFinishedSpans())).toEqual(['done', 'root 99999']);
    for (const root of roots) root.end();
    expect([processor.bufferedTraces, processor.bufferedSpans]).toEqual([0, 0]);
    warn.mockRestore();
  });

  it('holds at most maxTraces traces that have no ended span yet', () => {
    const { tracer, processor, stats } = setUp({ errors: true, maxTraces: 3 });
    const roots = [1, 2, 3, 4, 5].map((i) => tracer.startSpan(`root ${i}`));
    expect(processor.bufferedTraces).toBe(3);
    expect(stats.bufferDrops).toBe(2);
    for (const root of roots) root.end();
    expect(processor.bufferedTraces).toBe(0);
  });
});
