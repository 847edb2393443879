import type { AttributeValue, Attributes } from '@opentelemetry/api';

function isPrimitive(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean';
}

/**
 * Turns what a mapper returned into an attribute value: primitives and homogeneous arrays as
 * they are, bigint and Date as strings; anything else (objects, functions) is not recorded,
 * since stringifying it could leak more than the user meant to record.
 */
export function toAttributeValue(value: unknown): AttributeValue | undefined {
  if (isPrimitive(value)) return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Array.isArray(value) && value.every(isPrimitive)) {
    const first = typeof value[0];
    if (value.every((item) => typeof item === first)) return value as AttributeValue;
  }
  return undefined;
}

/** Copies the valid entries of `source` into `target`; returns the names that were dropped. */
export function addAttributes(target: Attributes, source: Record<string, unknown>): string[] {
  const dropped: string[] = [];
  for (const key of Object.keys(source)) {
    const value = toAttributeValue(source[key]);
    if (value === undefined) {
      if (source[key] !== undefined && source[key] !== null) dropped.push(key);
    } else {
      target[key] = value;
    }
  }
  return dropped;
}
