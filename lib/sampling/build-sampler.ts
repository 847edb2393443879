import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { readEnv } from '../sdk/env';
import { TracingConfigurationError } from '../sdk/configuration-error';
import type { RatioSamplerOptions } from '../tracing.options';
import { parseRatio, validateRatio } from './ratio';

/** What the tracing code may assume of the sampler in use, to skip work it cannot change. */
export interface SamplerTraits {
  /** A child of an unsampled parent is certainly unsampled. */
  parentBased: boolean;
  /** The decision may depend on the attributes given at span start. */
  readsAttributes: boolean;
}

/** A sampler ready for the provider, and its traits. */
export interface ResolvedSampler extends SamplerTraits {
  sampler: Sampler;
}

/** Nothing is assumed of a sampler we did not build. */
export const UNKNOWN_SAMPLER: SamplerTraits = { parentBased: false, readsAttributes: true };

const ENV_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

function isSampler(value: unknown): value is Sampler {
  return typeof (value as Sampler | undefined)?.shouldSample === 'function';
}

function ratioSampler(ratio: number): Sampler {
  if (ratio === 1) return new AlwaysOnSampler();
  if (ratio === 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

function wrap(root: Sampler, parentBased: boolean): ResolvedSampler {
  // The ratio samplers decide on the trace id alone.
  return { sampler: parentBased ? new ParentBasedSampler({ root }) : root, parentBased, readsAttributes: false };
}

function fromEnv(): ResolvedSampler {
  const raw = readEnv('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  const name = raw.toLowerCase();
  if (!ENV_SAMPLERS.includes(name)) {
    throw new TracingConfigurationError(
      `OTEL_TRACES_SAMPLER="${raw}" is not supported; use one of ${ENV_SAMPLERS.join(', ')}`,
    );
  }
  const parentBased = name.startsWith('parentbased_');
  const kind = parentBased ? name.slice('parentbased_'.length) : name;
  if (kind === 'always_on') return wrap(new AlwaysOnSampler(), parentBased);
  if (kind === 'always_off') return wrap(new AlwaysOffSampler(), parentBased);
  const arg = readEnv('OTEL_TRACES_SAMPLER_ARG');
  const ratio = arg === undefined ? 1 : parseRatio(arg, 'OTEL_TRACES_SAMPLER_ARG');
  return wrap(ratioSampler(ratio), parentBased);
}

/** Builds the sampler from code options, falling back to `OTEL_TRACES_SAMPLER[_ARG]`. */
export function buildSampler(option: RatioSamplerOptions | Sampler | undefined): ResolvedSampler {
  if (option === undefined) return fromEnv();
  // A sampler of the user's may treat unsampled parents in its own way: never skip its children.
  if (isSampler(option)) return { sampler: option, ...UNKNOWN_SAMPLER };
  const envRatio = readEnv('OTEL_TRACES_SAMPLER_ARG');
  const ratio =
    option.ratio !== undefined
      ? validateRatio(option.ratio, 'sampler.ratio')
      : envRatio !== undefined
        ? parseRatio(envRatio, 'OTEL_TRACES_SAMPLER_ARG')
        : 1;
  return wrap(ratioSampler(ratio), option.parentBased ?? true);
}
