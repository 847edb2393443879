import { readEnv } from '../sdk/env';
import { TracingConfigurationError } from '../sdk/configuration-error';
import { MAX_PER_SECOND_MEANING, parsePositive } from './positive-number';
import { parseRatio } from './ratio';

/** How new traces are decided: a fixed share, or a rate to keep. */
export type HeadChoice = { ratio: number } | { maxPerSecond: number };

const ENV_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'adaptive',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'parentbased_adaptive',
];

function argRatio(): number {
  const arg = readEnv('OTEL_TRACES_SAMPLER_ARG');
  return arg === undefined ? 1 : parseRatio(arg, 'OTEL_TRACES_SAMPLER_ARG');
}

function argMaxPerSecond(): number {
  const arg = readEnv('OTEL_TRACES_SAMPLER_ARG');
  if (arg === undefined) {
    throw new TracingConfigurationError(`OTEL_TRACES_SAMPLER=adaptive needs OTEL_TRACES_SAMPLER_ARG: the ${MAX_PER_SECOND_MEANING}`);
  }
  return parsePositive(arg, 'OTEL_TRACES_SAMPLER_ARG', MAX_PER_SECOND_MEANING);
}

/**
 * The sampler `OTEL_TRACES_SAMPLER` names (default `parentbased_always_on`), with its
 * `OTEL_TRACES_SAMPLER_ARG`: a ratio for `traceidratio`, traces per second for `adaptive`.
 */
export function samplerFromEnv(): { head: HeadChoice; parentBased: boolean } {
  const raw = readEnv('OTEL_TRACES_SAMPLER') ?? 'parentbased_always_on';
  const name = raw.toLowerCase();
  if (!ENV_SAMPLERS.includes(name)) {
    throw new TracingConfigurationError(`OTEL_TRACES_SAMPLER="${raw}" is not supported; use one of ${ENV_SAMPLERS.join(', ')}`);
  }
  const parentBased = name.startsWith('parentbased_');
  const kind = parentBased ? name.slice('parentbased_'.length) : name;
  if (kind === 'always_on') return { head: { ratio: 1 }, parentBased };
  if (kind === 'always_off') return { head: { ratio: 0 }, parentBased };
  if (kind === 'adaptive') return { head: { maxPerSecond: argMaxPerSecond() }, parentBased };
  return { head: { ratio: argRatio() }, parentBased };
}

/**
 * The head decision code options leave to the environment: the sampler `OTEL_TRACES_SAMPLER`
 * names, or else `OTEL_TRACES_SAMPLER_ARG` as a ratio.
 */
export function headFromEnv(): HeadChoice {
  return readEnv('OTEL_TRACES_SAMPLER') !== undefined ? samplerFromEnv().head : { ratio: argRatio() };
}
