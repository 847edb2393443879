import { TracingConfigurationError } from '../sdk/configuration-error';
import type { KeepOptions } from '../tracing.options';

/** `sampler.keep` with its defaults applied. */
export interface ResolvedKeepOptions {
  errors: boolean;
  slowerThanMs: number | undefined;
  maxSpans: number;
  maxTraces: number;
}

export const KEEP_DEFAULTS = { errors: true, maxSpans: 10_000, maxTraces: 1_000 } as const;

const KEEP_KEYS = ['errors', 'slowerThanMs', 'maxSpans', 'maxTraces'];

function count(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TracingConfigurationError(`sampler.keep.${name} must be a whole number of at least 1, got ${String(value)}`);
  }
  return value;
}

/** Checks `sampler.keep` and fills in the defaults; undefined when keeping is off. */
export function resolveKeepOptions(keep: KeepOptions | undefined): ResolvedKeepOptions | undefined {
  if (keep === undefined) return undefined;
  if (keep === null || typeof keep !== 'object') {
    throw new TracingConfigurationError(`sampler.keep must be an object such as { errors: true, slowerThanMs: 2000 }, got ${String(keep)}`);
  }
  const unknown = Object.keys(keep).filter((key) => !KEEP_KEYS.includes(key));
  if (unknown.length > 0) {
    throw new TracingConfigurationError(`sampler.keep has unknown key(s) ${unknown.join(', ')}; use ${KEEP_KEYS.join(', ')}`);
  }
  const { errors = KEEP_DEFAULTS.errors, slowerThanMs } = keep;
  if (typeof errors !== 'boolean') throw new TracingConfigurationError(`sampler.keep.errors must be true or false, got ${String(errors)}`);
  if (slowerThanMs !== undefined && (typeof slowerThanMs !== 'number' || !(slowerThanMs >= 0) || slowerThanMs === Infinity)) {
    throw new TracingConfigurationError(`sampler.keep.slowerThanMs must be a number of milliseconds from 0, got ${String(slowerThanMs)}`);
  }
  if (!errors && slowerThanMs === undefined) {
    throw new TracingConfigurationError('sampler.keep keeps nothing with errors: false and no slowerThanMs; remove it or set one');
  }
  return {
    errors,
    slowerThanMs,
    maxSpans: count(keep.maxSpans, 'maxSpans', KEEP_DEFAULTS.maxSpans),
    maxTraces: count(keep.maxTraces, 'maxTraces', KEEP_DEFAULTS.maxTraces),
  };
}
