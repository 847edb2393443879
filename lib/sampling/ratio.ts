import { TracingConfigurationError } from '../sdk/configuration-error';

function invalidRatio(source: string, shown: string): TracingConfigurationError {
  return new TracingConfigurationError(`${source} must be a number from 0 to 1 (0.25 samples one trace in four), got ${shown}`);
}

/** Checks a sampling ratio and says what to write instead when it cannot be used. */
export function validateRatio(ratio: unknown, source: string): number {
  if (typeof ratio !== 'number' || Number.isNaN(ratio) || ratio < 0 || ratio > 1) throw invalidRatio(source, String(ratio));
  return ratio;
}

/** Parses a ratio written in an environment variable; the error quotes the text as written. */
export function parseRatio(raw: string, source: string): number {
  const ratio = Number(raw);
  if (Number.isNaN(ratio)) throw invalidRatio(source, JSON.stringify(raw));
  return validateRatio(ratio, source);
}
