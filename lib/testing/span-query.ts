import type { Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** What a span must have to match; every field given must hold. */
export interface SpanQuery {
  /** The exact name, or a pattern it must match. */
  name?: string | RegExp;
  kind?: SpanKind;
  /** Attributes the span must have with these values (others may be there too). */
  attributes?: Attributes;
  /** Its parent span (same trace, parent id). */
  parent?: ReadableSpan;
  status?: SpanStatusCode;
}

/** A span name, a query, or a predicate (a type guard narrows what `find`/`waitFor` return). */
export type SpanMatcher = string | SpanQuery | ((span: ReadableSpan) => boolean);

function sameValue(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((item, index) => actual[index] === item);
  }
  return actual === expected;
}

function matchesQuery(span: ReadableSpan, query: SpanQuery): boolean {
  if (typeof query.name === 'string' && span.name !== query.name) return false;
  if (query.name instanceof RegExp && !query.name.test(span.name)) return false;
  if (query.kind !== undefined && span.kind !== query.kind) return false;
  if (query.status !== undefined && span.status.code !== query.status) return false;
  if (query.parent) {
    const { traceId, spanId } = query.parent.spanContext();
    if (span.spanContext().traceId !== traceId || span.parentSpanContext?.spanId !== spanId) return false;
  }
  return Object.entries(query.attributes ?? {}).every(([key, value]) => sameValue(span.attributes[key], value));
}

export function matches(span: ReadableSpan, matcher: SpanMatcher): boolean {
  if (typeof matcher === 'string') return span.name === matcher;
  if (typeof matcher === 'function') return matcher(span);
  return matchesQuery(span, matcher);
}

/** How a matcher reads in an error message. */
export function describeMatcher(matcher: SpanMatcher): string {
  if (typeof matcher === 'string') return `"${matcher}"`;
  if (typeof matcher === 'function') return 'the predicate';
  const { parent, ...rest } = matcher;
  return `${JSON.stringify(rest, (_key, value) => (value instanceof RegExp ? String(value) : value))}${parent ? ` under "${parent.name}"` : ''}`;
}
