import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import { HeadSampler } from './head-sampler';
import type { SamplingCounters } from './sampling-counters';

/** A clock in milliseconds; only differences are used. */
export type MillisecondClock = () => number;

export interface AdaptiveSamplerConfig {
  /** New traces to keep per second, on average (traces/s, > 0). */
  maxPerSecond: number;
  /** Length of the window over which the rate of new traces is measured (ms). @default 1000 */
  windowMs?: number;
  /** @default `performance.now` */
  now?: MillisecondClock;
  recordUnsampled?: boolean;
  ids?: IdGenerator;
}

/**
 * Keeps about `maxPerSecond` new traces per second whatever the load (the idea of goa's and
 * Clue's adaptive sampler): every new trace while they come slower than that, and above it a
 * probability re-measured each window as `maxPerSecond` / (new traces per second in the last
 * window). A window ends after `windowMs`, or earlier when it has already kept twice its share
 * (a burst): so a jump in load is caught within a fraction of a window, and a drop within one.
 * The decision for a trace is its trace id's random part (`traceIdFraction`) against that probability.
 */
export class AdaptiveSampler extends HeadSampler {
  readonly maxPerSecond: number;
  readonly windowMs: number;
  private readonly now: MillisecondClock;
  /** Traces a window may keep before it ends early. */
  private readonly burstLimit: number;
  private probability = 1;
  private windowStart: number;
  private seenInWindow = 0;
  private keptInWindow = 0;

  constructor(config: AdaptiveSamplerConfig, counters: SamplingCounters) {
    super(counters, config.recordUnsampled, config.ids);
    this.maxPerSecond = config.maxPerSecond;
    this.windowMs = config.windowMs ?? 1000;
    this.now = config.now ?? (() => performance.now());
    this.burstLimit = (2 * this.maxPerSecond * this.windowMs) / 1000;
    this.windowStart = this.now();
  }

  /** The share of new traces kept now, from 0 to 1. */
  get currentProbability(): number {
    return this.probability;
  }

  protected decide(fraction: number): boolean {
    const now = this.now();
    const elapsed = now - this.windowStart;
    if (!(elapsed >= 0)) {
      // The clock went back: start the window again, keep the probability.
      this.startWindow(now);
    } else if (elapsed >= this.windowMs || (elapsed > 0 && this.keptInWindow >= this.burstLimit)) {
      this.remeasure(now, elapsed);
    }
    this.seenInWindow += 1;
    const kept = fraction < this.probability;
    if (kept) this.keptInWindow += 1;
    return kept;
  }

  private remeasure(now: number, elapsed: number): void {
    const allowed = (this.maxPerSecond * elapsed) / 1000;
    this.probability = this.seenInWindow === 0 ? 1 : Math.min(1, allowed / this.seenInWindow);
    this.startWindow(now);
  }

  private startWindow(now: number): void {
    this.windowStart = now;
    this.seenInWindow = 0;
    this.keptInWindow = 0;
  }

  toString(): string {
    return `AdaptiveSampler{maxPerSecond=${this.maxPerSecond}, windowMs=${this.windowMs}}`;
  }
}
