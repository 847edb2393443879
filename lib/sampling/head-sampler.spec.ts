import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { decidedTraceIds } from './head-sampler';
import { RatioSampler } from './ratio.sampler';
import { SamplingCounters } from './sampling-counters';
import { RANDOM_RANGE, traceIdFraction } from './trace-id-fraction';
import { UnsampledRootSpan } from './unsampled-root.span';

/** A ratio sampler whose ids the test sees made, on a provider wired as the module wires it. */
function setUp(ratio: number) {
  const counters = new SamplingCounters();
  const made: string[] = [];
  let count = 0;
  const ids = {
    generateTraceId: () => {
      made.push('trace');
      return 'abcdef0123456789a' + (++count).toString(16).padStart(15, '0');
    },
    generateSpanId: () => {
      made.push('span');
      return (++count).toString(16).padStart(16, '0');
    },
  };
  const sampler = new RatioSampler(ratio, counters, false, ids);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ sampler, idGenerator: decidedTraceIds(sampler), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { sampler, counters, exporter, made, tracer: provider.getTracer('test') };
}

const randomReturning = (value: number) => jest.spyOn(Math, 'random').mockReturnValue(value);

describe('HeadSampler.startRoot: deciding a new trace before the SDK is asked', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives a dropped trace a non-recording span that makes its ids only when read, unsampled and consistent with the decision', () => {
    const { sampler, counters, exporter, made, tracer } = setUp(0.5);
    randomReturning(0.75);
    const span = sampler.startRoot(tracer, 'GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    expect(span).toBeInstanceOf(UnsampledRootSpan);
    expect(span.isRecording()).toBe(false);
    span.setAttribute('a', 1).setAttributes({}).addEvent('e').setStatus({ code: 2 }).updateName('x').addLink({ context: span.spanContext() });
    span.end();
    expect(made).toEqual(['trace', 'span']); // read once above, by addLink's argument
    const context = span.spanContext();
    expect(made).toHaveLength(2);
    expect(context.traceFlags).toBe(TraceFlags.NONE);
    expect(trace.isSpanContextValid(context)).toBe(true);
    expect(context.traceId.slice(0, 19)).toBe('abcdef0123456789a00');
    expect(traceIdFraction(context.traceId)).toBe(0.75);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(counters.snapshot()).toMatchObject({ sampled: 0, dropped: 1 });
  });

  it('makes no ids for a dropped trace nobody asks about', () => {
    const { sampler, made, tracer } = setUp(0);
    sampler.startRoot(tracer, 'GET', {}, ROOT_CONTEXT).end();
    expect(made).toEqual([]);
  });

  it('tells callees the trace is not sampled, with its trace id', () => {
    const { sampler, tracer } = setUp(0);
    const span = sampler.startRoot(tracer, 'GET', {}, ROOT_CONTEXT);
    const carrier: Record<string, string> = {};
    new W3CTraceContextPropagator().inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, k, v) => (c[k] = v) });
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-00`);
  });

  it('lets the SDK start a kept trace with the trace id it was decided on, counted once', () => {
    const { sampler, counters, exporter, tracer } = setUp(0.5);
    randomReturning(0.25);
    const span = sampler.startRoot(tracer, 'GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    expect(span.isRecording()).toBe(true);
    expect(span.spanContext().traceFlags).toBe(TraceFlags.SAMPLED);
    expect(traceIdFraction(span.spanContext().traceId)).toBe(0.25);
    span.end();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(counters.snapshot()).toMatchObject({ sampled: 1, dropped: 0 });
    expect(sampler.pendingTraceId).toBeUndefined();
    // The next root the SDK starts by itself gets a new id of the generator's again.
    expect(tracer.startSpan('next').spanContext().traceId.startsWith('abcdef0123456789a')).toBe(true);
  });

  it.each([
    [0, 0.5, true],
    [0.5 - 1 / RANDOM_RANGE, 0.5, true],
    [0.5, 0.5, false],
    [0.999999, 1, true],
    [0, 0, false],
  ])('random %p at ratio %p: kept %p', (random, ratio, kept) => {
    const { sampler, tracer } = setUp(ratio);
    randomReturning(random);
    expect(sampler.startRoot(tracer, 'GET', {}, ROOT_CONTEXT).isRecording()).toBe(kept);
  });

  it('forgets the decided trace id when the SDK throws', () => {
    const { sampler } = setUp(1);
    const throwing = {
      startSpan: () => {
        throw new Error('boom');
      },
    } as never;
    expect(() => sampler.startRoot(throwing, 'GET', {}, ROOT_CONTEXT)).toThrow('boom');
    expect(sampler.pendingTraceId).toBeUndefined();
  });
});
