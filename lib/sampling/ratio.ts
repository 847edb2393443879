import { TracingConfigurationError } from '../sdk/configuration-error';

/** Checks a sampling ratio and says what to write instead when it cannot be used. */
export function validateRatio(ratio: unknown, source: string): number {
  if (typeof ratio !== 'number' || Number.isNaN(ratio) || ratio < 0 || ratio > 1) {
    throw new TracingConfigurationError(
      `${source} must be a number from 0 to 1 (0.25 samples one trace in four), got ${String(ratio)}`,
    );
  }
  return ratio;
}
