import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { seededTraceIds } from '../../test/support/seeded-trace-ids';
import { AdaptiveSampler } from './adaptive.sampler';
import { SamplingCounters } from './sampling-counters';

/** A sampler on a clock the test moves, and the roots it kept, by the time they came. */
function setUp(maxPerSecond: number, windowMs?: number) {
  let now = 0;
  const counters = new SamplingCounters();
  const sampler = new AdaptiveSampler({ maxPerSecond, windowMs, now: () => now }, counters);
  const nextId = seededTraceIds(maxPerSecond * 31 + (windowMs ?? 0));
  const keptAt: number[] = [];
  const root = (at: number): boolean => {
    now = at;
    const kept = sampler.shouldSample(ROOT_CONTEXT, nextId(), 'GET', SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED;
    if (kept) keptAt.push(at);
    return kept;
  };
  /** `perSecond` evenly spaced roots from `fromMs` for `seconds`; returns where it ended. */
  const load = (fromMs: number, perSecond: number, seconds: number): number => {
    const count = Math.round(perSecond * seconds);
    for (let i = 0; i < count; i += 1) root(fromMs + (i * 1000) / perSecond);
    return fromMs + seconds * 1000;
  };
  const keptBetween = (fromMs: number, toMs: number) => keptAt.filter((at) => at >= fromMs && at < toMs).length;
  return { sampler, counters, root, load, keptBetween };
}

describe('AdaptiveSampler under load (injected clock)', () => {
  it('at 10x the cap keeps the cap per second within ±10 % after the first window', () => {
    const { load, keptBetween, counters } = setUp(100);
    load(0, 1000, 11);
    const kept = keptBetween(1000, 11_000);
    expect(kept).toBeGreaterThanOrEqual(900);
    expect(kept).toBeLessThanOrEqual(1100);
    expect(counters.sampled + counters.dropped).toBe(11_000);
  });

  it('at half the cap keeps every new trace', () => {
    const { load, counters } = setUp(100);
    load(0, 50, 10);
    expect(counters.snapshot()).toMatchObject({ sampled: 500, dropped: 0 });
  });

  it('after a step from 1x to 20x the load and back, is on the cap again within two windows', () => {
    const { load, keptBetween } = setUp(50);
    const up = load(0, 50, 5);
    const down = load(up, 1000, 10);
    const end = load(down, 50, 10);
    expect(keptBetween(1000, up)).toBe(200); // at 1x: all of them
    // The second after the step: the burst window ends once it kept twice its share, then the cap.
    expect(keptBetween(up, up + 1000)).toBeLessThanOrEqual(3 * 50);
    const afterUp = keptBetween(up + 2000, down);
    expect(afterUp).toBeGreaterThanOrEqual(0.9 * 50 * 8);
    expect(afterUp).toBeLessThanOrEqual(1.1 * 50 * 8);
    expect(keptBetween(down + 2000, end)).toBe(50 * 8); // back under the cap: all of them again
  });

  it('holds with a window of its own length', () => {
    const { load, keptBetween } = setUp(20, 250);
    load(0, 400, 10);
    const kept = keptBetween(250, 10_000);
    expect(kept).toBeGreaterThanOrEqual(0.9 * 20 * 9.75);
    expect(kept).toBeLessThanOrEqual(1.1 * 20 * 9.75);
  });
});

describe('AdaptiveSampler windows (edges)', () => {
  it('keeps everything at first, and re-measures when the window has passed, not a millisecond before', () => {
    const { sampler, root } = setUp(10);
    expect(sampler.currentProbability).toBe(1);
    for (let i = 0; i < 15; i += 1) expect(root(0)).toBe(true);
    root(999);
    expect(sampler.currentProbability).toBe(1);
    root(1000); // 16 roots in 1 s where 10 are allowed
    expect(sampler.currentProbability).toBe(10 / 16);
  });

  it('ends a window early once it kept twice its share, as soon as time has moved', () => {
    const { sampler, root } = setUp(10);
    for (let i = 0; i < 40; i += 1) root(0);
    expect(sampler.currentProbability).toBe(1); // no time has passed: no rate to measure
    root(1); // 40 roots in 1 ms, where 10 per second are allowed
    expect(sampler.currentProbability).toBe((10 * 0.001) / 40);
  });

  it('does not end a window early below twice its share', () => {
    const { sampler, root } = setUp(10);
    for (let i = 0; i < 19; i += 1) root(0);
    root(500);
    expect(sampler.currentProbability).toBe(1);
  });

  it('goes back to keeping everything after a quiet spell', () => {
    const { sampler, root } = setUp(10);
    for (let i = 0; i < 15; i += 1) root(0);
    root(1000);
    expect(sampler.currentProbability).toBe(10 / 15);
    root(60_000); // one root in 59 s
    expect(sampler.currentProbability).toBe(1);
  });

  it('keeps everything when the first root comes after a window with none', () => {
    const { sampler, root } = setUp(10);
    root(5000);
    expect(sampler.currentProbability).toBe(1);
  });

  it('starts the window again, keeping its probability, when the clock goes back', () => {
    const { sampler, root } = setUp(10);
    for (let i = 0; i < 15; i += 1) root(1000);
    root(2000);
    expect(sampler.currentProbability).toBe(10 / 15);
    for (let i = 0; i < 29; i += 1) root(500); // back in time: a new window from 500
    expect(sampler.currentProbability).toBe(10 / 15);
    root(1499);
    expect(sampler.currentProbability).toBe(10 / 15);
    root(1500); // 30 roots in the 1000 ms since 500
    expect(sampler.currentProbability).toBe(10 / 30);
  });

  it('describes itself with its units', () => {
    expect(setUp(20).sampler.toString()).toBe('AdaptiveSampler{maxPerSecond=20, windowMs=1000}');
    expect(setUp(0.5, 250).sampler.toString()).toBe('AdaptiveSampler{maxPerSecond=0.5, windowMs=250}');
  });

  it('reads performance.now when given no clock', () => {
    const sampler = new AdaptiveSampler({ maxPerSecond: 1 }, new SamplingCounters());
    const decision = sampler.shouldSample(ROOT_CONTEXT, '00000000000000000000000000000000', 'x', SpanKind.SERVER, {}, []);
    expect(decision.decision).toBe(SamplingDecision.RECORD_AND_SAMPLED);
  });
});
