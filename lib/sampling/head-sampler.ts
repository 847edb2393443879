import type { Attributes, Link, SpanKind } from '@opentelemetry/api';
import type { Context, Span, SpanOptions, Tracer } from '@opentelemetry/api';
import { IdGenerator, RandomIdGenerator, Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import type { SamplingCounters } from './sampling-counters';
import { NOT_RECORDED, RECORD_ONLY, SAMPLED } from './sampling-results';
import { RANDOM_RANGE, traceIdFraction } from './trace-id-fraction';
import { UnsampledRootSpan, withRandomPart } from './unsampled-root.span';

/** Records a new trace the head sampler dropped, with `keep` on (the keep processor). */
export interface PendingRootStarter {
  startPendingRoot(tracer: Tracer, name: string, options: SpanOptions, randomPart: number): Span;
}

/** Starts the span of a request that begins a new trace; see `HeadSampler.startRoot`. */
export interface RootSpanStarter {
  startRoot(tracer: Tracer, name: string, options: SpanOptions, parent: Context): Span;
}

/**
 * The part our samplers share: the decision for a new trace, counted, and the way to make it
 * before the SDK is asked for a span. Wrapped in a `ParentBasedSampler`, it is asked only for
 * local roots (and remote parents when `parentBased` is off).
 */
export abstract class HeadSampler implements Sampler, RootSpanStarter {
  /** The id of a trace `startRoot` decided to keep, until the SDK has started its span. */
  pendingTraceId: string | undefined = undefined;
  /** The span id the SDK's next span takes, while a kept pending span is replayed. */
  pendingSpanId: string | undefined = undefined;
  /** With `keep`: where a dropped new trace is recorded until it is known whether to keep it. */
  keeper: PendingRootStarter | undefined = undefined;
  private readonly unsampled: SamplingResult;

  /**
   * @param counters where decisions are counted
   * @param recordUnsampled record what is not sampled (for `keep`), instead of dropping it
   * @param ids the SDK's id generator, shared with the provider
   */
  constructor(
    readonly counters: SamplingCounters,
    recordUnsampled = false,
    readonly ids: IdGenerator = new RandomIdGenerator(),
  ) {
    this.unsampled = recordUnsampled ? RECORD_ONLY : NOT_RECORDED;
  }

  /** True to keep a new trace whose id falls at `fraction` (see `traceIdFraction`). */
  protected abstract decide(fraction: number): boolean;

  abstract toString(): string;

  /** Decides for a new trace whose id falls at `fraction`, and counts the decision. */
  sampleRoot(fraction: number): boolean {
    if (this.decide(fraction)) {
      this.counters.sampled += 1;
      return true;
    }
    this.counters.dropped += 1;
    return false;
  }

  /** Decides on the trace id alone: name, kind, attributes and links do not count. */
  shouldSample(_context: Context, traceId: string, _name?: string, _kind?: SpanKind, _attributes?: Attributes, _links?: Link[]): SamplingResult {
    // Decided (and counted) by startRoot already.
    if (traceId === this.pendingTraceId) return SAMPLED;
    return this.sampleRoot(traceIdFraction(traceId)) ? SAMPLED : this.unsampled;
  }

  /**
   * Starts the span of a request that begins a new trace, deciding before the SDK is asked, on
   * a random number that becomes the random part of its trace id: a trace not kept gets a
   * non-recording span whose ids are made only if something reads them, and costs the SDK
   * nothing; a kept one is started by the SDK with the trace id decided on (the provider's id
   * generator hands it over, see `decidedTraceIds`). With `keep`, a dropped one is recorded
   * by the keeper, outside the SDK, until its end tells whether to keep it.
   */
  startRoot(tracer: Tracer, name: string, options: SpanOptions, parent: Context): Span {
    const randomPart = Math.floor(Math.random() * RANDOM_RANGE);
    if (!this.sampleRoot(randomPart / RANDOM_RANGE)) {
      return this.keeper === undefined ? new UnsampledRootSpan(this.ids, randomPart) : this.keeper.startPendingRoot(tracer, name, options, randomPart);
    }
    this.pendingTraceId = withRandomPart(this.ids.generateTraceId(), randomPart);
    try {
      return tracer.startSpan(name, options, parent);
    } finally {
      this.pendingTraceId = undefined;
    }
  }

  /** Runs `start`, in which the SDK starts a span of a kept trace with the ids it already had. */
  startDecided<T>(traceId: string, spanId: string, start: () => T): T {
    this.pendingTraceId = traceId;
    this.pendingSpanId = spanId;
    try {
      return start();
    } finally {
      this.pendingTraceId = undefined;
      this.pendingSpanId = undefined;
    }
  }
}

/**
 * The provider's id generator: the SDK's own, except that the trace id of a root `startRoot`
 * decided to keep is the one it decided on, and a pending span replayed keeps its ids.
 */
export function decidedTraceIds(sampler: HeadSampler): IdGenerator {
  const { ids } = sampler;
  return {
    generateTraceId: () => sampler.pendingTraceId ?? ids.generateTraceId(),
    generateSpanId: () => sampler.pendingSpanId ?? ids.generateSpanId(),
  };
}
