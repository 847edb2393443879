import { HeadSampler } from './head-sampler';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { SamplingCounters } from './sampling-counters';

/**
 * Keeps a fixed share of new traces, decided on the trace id's random part (see
 * `traceIdFraction`), so every service using the same ratio agrees on a trace.
 */
export class RatioSampler extends HeadSampler {
  /** @param ratio share of new traces kept, from 0 (none) to 1 (all); checked by the caller */
  constructor(
    readonly ratio: number,
    counters: SamplingCounters,
    recordUnsampled = false,
    ids?: IdGenerator,
  ) {
    super(counters, recordUnsampled, ids);
  }

  protected decide(fraction: number): boolean {
    return fraction < this.ratio;
  }

  toString(): string {
    return `TraceIdRatioBased{${this.ratio}}`;
  }
}
