import type { SpanLimits } from '@opentelemetry/sdk-trace-base';
import { readEnv } from './env';

/** Longest attribute value kept unless `OTEL_*ATTRIBUTE_VALUE_LENGTH_LIMIT` says otherwise. */
export const DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT = 4096;

/**
 * The SDK keeps attribute values of any length by default; a request path or a mapper's
 * output can be huge, so cap it unless the user set a limit through the standard variables.
 */
export function defaultSpanLimits(): SpanLimits {
  if (readEnv('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT') || readEnv('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT')) return {};
  return { attributeValueLengthLimit: DEFAULT_ATTRIBUTE_VALUE_LENGTH_LIMIT };
}
