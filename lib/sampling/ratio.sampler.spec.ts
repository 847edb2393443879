import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { seededTraceIds } from '../../test/support/seeded-trace-ids';
import { RatioSampler } from './ratio.sampler';
import { SamplingCounters } from './sampling-counters';

function decide(sampler: RatioSampler, traceId: string): SamplingDecision {
  return sampler.shouldSample(ROOT_CONTEXT, traceId, 'GET', SpanKind.SERVER, {}, []).decision;
}

describe('RatioSampler', () => {
  it('samples 0.25 of 20 000 new traces within ±2 %, and counts each decision', () => {
    const counters = new SamplingCounters();
    const sampler = new RatioSampler(0.25, counters);
    const nextId = seededTraceIds(7);
    let sampled = 0;
    for (let i = 0; i < 20_000; i += 1) if (decide(sampler, nextId()) === SamplingDecision.RECORD_AND_SAMPLED) sampled += 1;
    expect(sampled / 20_000).toBeGreaterThanOrEqual(0.245);
    expect(sampled / 20_000).toBeLessThanOrEqual(0.255);
    expect(counters.snapshot()).toEqual({ sampled, dropped: 20_000 - sampled, keptError: 0, keptSlow: 0, bufferDrops: 0 });
  });

  it.each([
    [0, '00000000000000000000000000000000', SamplingDecision.NOT_RECORD],
    [1, 'ffffffffffffffffffffffffffffffff', SamplingDecision.RECORD_AND_SAMPLED],
    [0.5, '00000000000000000007ffffffffffff', SamplingDecision.RECORD_AND_SAMPLED],
    [0.5, '00000000000000000008000000000000', SamplingDecision.NOT_RECORD],
  ])('ratio %p, trace %s: %p', (ratio, traceId, decision) => {
    expect(decide(new RatioSampler(ratio, new SamplingCounters()), traceId)).toBe(decision);
  });

  it('records what it does not sample when told to (keep), without the sampled flag', () => {
    const sampler = new RatioSampler(0, new SamplingCounters(), true);
    expect(decide(sampler, '00000000000000000000000000000000')).toBe(SamplingDecision.RECORD);
  });

  it('decides the same for the same trace id, as every service with this ratio does', () => {
    const a = new RatioSampler(0.3, new SamplingCounters());
    const b = new RatioSampler(0.3, new SamplingCounters());
    const nextId = seededTraceIds(3);
    for (let i = 0; i < 1000; i += 1) {
      const traceId = nextId();
      expect(decide(a, traceId)).toBe(decide(b, traceId));
    }
  });

  it('describes itself as OpenTelemetry samplers do', () => {
    expect(new RatioSampler(0.25, new SamplingCounters()).toString()).toBe('TraceIdRatioBased{0.25}');
  });
});
