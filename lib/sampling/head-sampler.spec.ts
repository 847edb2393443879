import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decidedTraceIds } from './head-sampler';
import { RatioSampler } from './ratio.sampler';
import { SamplingCounters } from './sampling-counters';

/** A ratio sampler whose ids the test chooses, on a provider wired as the module wires it. */
function setUp(ratio: number, traceIds: string[]) {
  const counters = new SamplingCounters();
  let spanCount = 0;
  const ids = { generateTraceId: () => traceIds.shift()!, generateSpanId: () => (++spanCount).toString(16).padStart(16, '0') };
  const sampler = new RatioSampler(ratio, counters, false, ids);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ sampler, idGenerator: decidedTraceIds(sampler), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { sampler, counters, exporter, tracer: provider.getTracer('test') };
}

const LOW = '0000000000000000000000000000000a'; // fraction near 0: kept at 0.5
const HIGH = '0000000000000000000fffffffffffff'; // fraction near 1: dropped at 0.5

describe('HeadSampler.startRoot: deciding a new trace before the SDK is asked', () => {
  it('gives a dropped trace the API non-recording span, with valid unsampled ids, and counts it once', () => {
    const { sampler, counters, exporter, tracer } = setUp(0.5, [HIGH]);
    const span = sampler.startRoot(tracer, 'GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    expect(span.isRecording()).toBe(false);
    expect(span.spanContext()).toEqual({ traceId: HIGH, spanId: '0000000000000001', traceFlags: TraceFlags.NONE });
    expect(trace.isSpanContextValid(span.spanContext())).toBe(true);
    span.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(counters.snapshot()).toMatchObject({ sampled: 0, dropped: 1 });
  });

  it('lets the SDK start a kept trace with the trace id it was decided on, counted once', () => {
    const { sampler, counters, exporter, tracer } = setUp(0.5, [LOW, HIGH]);
    const span = sampler.startRoot(tracer, 'GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceId).toBe(LOW);
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    span.end();
    expect(exporter.getFinishedSpans().map((finished) => finished.spanContext().traceId)).toEqual([LOW]);
    expect(counters.snapshot()).toMatchObject({ sampled: 1, dropped: 0 });
    expect(sampler.pendingTraceId).toBeUndefined();
    // The next root the SDK starts by itself gets a new id again.
    expect(tracer.startSpan('next').spanContext().traceId).toBe(HIGH);
  });

  it('forgets the decided trace id when the SDK throws', () => {
    const { sampler } = setUp(1, [LOW]);
    const throwing = { startSpan: () => { throw new Error('boom'); } } as never;
    expect(() => sampler.startRoot(throwing, 'GET', {}, ROOT_CONTEXT)).toThrow('boom');
    expect(sampler.pendingTraceId).toBeUndefined();
  });
});
