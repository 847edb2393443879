import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, Sampler } from '@opentelemetry/sdk-trace-base';
import { TracingConfigurationError } from '../sdk/configuration-error';
import type { SamplerOptions } from '../tracing.options';
import { AdaptiveSampler } from './adaptive.sampler';
import { DeferredAttributes } from './deferred-attributes';
import { HeadChoice, headFromEnv, samplerFromEnv } from './env-sampler';
import type { HeadSampler, RootSpanStarter } from './head-sampler';
import { ResolvedKeepOptions, resolveKeepOptions } from './keep-options';
import { MAX_PER_SECOND_MEANING, validatePositive } from './positive-number';
import { RatioSampler } from './ratio.sampler';
import { validateRatio } from './ratio';
import { RecordOnlySampler, RecordWithParentSampler } from './record-unsampled.samplers';
import { SamplingCounters } from './sampling-counters';

/** What the tracing code may assume of the sampler in use, to skip work it cannot change. */
export interface SamplerTraits {
  /** A child of an unsampled parent is certainly unsampled (and not recorded). */
  parentBased: boolean;
  /** The decision may depend on the attributes given at span start. */
  readsAttributes: boolean;
  /** Starts a request's span that begins a new trace, deciding before the SDK is asked. */
  rootStarter?: RootSpanStarter;
  /** The decisions counted; undefined when the sampler is not ours. */
  stats?: SamplingCounters;
  /** With `keep`: where an unsampled span's start attributes wait until its trace is kept. */
  deferredAttributes?: DeferredAttributes;
}

/** A sampler ready for the provider, and its traits. */
export interface ResolvedSampler extends SamplerTraits {
  sampler: Sampler;
  /** Our head sampler inside `sampler`; undefined for a sampler of the user's. */
  head?: HeadSampler;
  /** Set when unsampled traces are recorded, to keep those that fail or are slow. */
  keep?: ResolvedKeepOptions;
}

/** Nothing is assumed of a sampler we did not build. */
export const UNKNOWN_SAMPLER: SamplerTraits = { parentBased: false, readsAttributes: true };

function isSampler(value: unknown): value is Sampler {
  return typeof (value as Sampler | undefined)?.shouldSample === 'function';
}

function headChoice(option: SamplerOptions): HeadChoice {
  if (option.ratio !== undefined && option.maxPerSecond !== undefined) {
    throw new TracingConfigurationError('sampler takes ratio or maxPerSecond, not both');
  }
  if (option.ratio !== undefined) return { ratio: validateRatio(option.ratio, 'sampler.ratio') };
  if (option.maxPerSecond !== undefined) return { maxPerSecond: validatePositive(option.maxPerSecond, 'sampler.maxPerSecond', MAX_PER_SECOND_MEANING) };
  return headFromEnv();
}

function windowOf(option: SamplerOptions, head: HeadChoice): number | undefined {
  if (option.windowMs === undefined) return undefined;
  if (!('maxPerSecond' in head)) throw new TracingConfigurationError('sampler.windowMs applies to the adaptive sampler only (maxPerSecond)');
  return validatePositive(option.windowMs, 'sampler.windowMs', 'milliseconds, e.g. 1000');
}

/**
 * The head sampler for new traces, inside the SDK's `ParentBasedSampler`: children of a local
 * parent follow it; a remote parent's flag is followed when `parentBased`, else the head decides
 * for it as for a new trace. With `keep`, what is not sampled is recorded instead of dropped.
 */
function compose(choice: HeadChoice, parentBased: boolean, keep: ResolvedKeepOptions | undefined, windowMs?: number): ResolvedSampler {
  const stats = new SamplingCounters();
  const recordUnsampled = keep !== undefined;
  const head: HeadSampler =
    'ratio' in choice
      ? new RatioSampler(choice.ratio, stats, recordUnsampled)
      : new AdaptiveSampler({ maxPerSecond: choice.maxPerSecond, windowMs, recordUnsampled }, stats);
  const sampler = new ParentBasedSampler({
    root: head,
    remoteParentSampled: parentBased ? new AlwaysOnSampler() : head,
    remoteParentNotSampled: !parentBased ? head : recordUnsampled ? new RecordOnlySampler() : new AlwaysOffSampler(),
    localParentNotSampled: recordUnsampled ? new RecordWithParentSampler() : new AlwaysOffSampler(),
  });
  return {
    sampler,
    head,
    keep,
    // With keep, children of unsampled spans are recorded: nothing may be skipped.
    parentBased: parentBased && !recordUnsampled,
    // Our samplers decide on the trace id alone.
    readsAttributes: false,
    // With keep, a new root that is not sampled is recorded outside the SDK (PendingSpan). When
    // every trace is kept, nothing is saved by deciding first.
    rootStarter: 'ratio' in choice && choice.ratio >= 1 ? undefined : head,
    stats,
    deferredAttributes: recordUnsampled ? new DeferredAttributes() : undefined,
  };
}

/** Builds the sampler from code options, falling back to `OTEL_TRACES_SAMPLER[_ARG]`. */
export function buildSampler(option: SamplerOptions | Sampler | undefined): ResolvedSampler {
  if (option === undefined) {
    const fromEnv = samplerFromEnv();
    return compose(fromEnv.head, fromEnv.parentBased, undefined);
  }
  // A sampler of the user's may treat unsampled parents in its own way: never skip its children.
  if (isSampler(option)) return { sampler: option, ...UNKNOWN_SAMPLER };
  const head = headChoice(option);
  return compose(head, option.parentBased ?? true, resolveKeepOptions(option.keep), windowOf(option, head));
}
