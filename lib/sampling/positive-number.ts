import { TracingConfigurationError } from '../sdk/configuration-error';

/** Checks a finite number above 0 (a rate, a window), saying what it means when it is not one. */
export function validatePositive(value: unknown, source: string, meaning: string): number {
  if (typeof value !== 'number' || !(value > 0) || value === Infinity) {
    throw new TracingConfigurationError(`${source} must be a number above 0 (${meaning}), got ${String(value)}`);
  }
  return value;
}

/** As `validatePositive`, for text read from an environment variable; the error quotes it. */
export function parsePositive(raw: string, source: string, meaning: string): number {
  const value = Number(raw);
  if (Number.isNaN(value)) throw new TracingConfigurationError(`${source} must be a number above 0 (${meaning}), got ${JSON.stringify(raw)}`);
  return validatePositive(value, source, meaning);
}

export const MAX_PER_SECOND_MEANING = 'new traces kept per second, e.g. 20';
