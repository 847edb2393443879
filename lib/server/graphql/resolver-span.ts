import { Attributes, Context, Span, SpanKind, trace } from '@opentelemetry/api';
import { contextWithSpan } from '../../context/linked-context';
import { tracingRuntime } from '../../tracing.runtime';
import {
  ATTR_GRAPHQL_FIELD_NAME,
  ATTR_GRAPHQL_FIELD_PATH,
  ATTR_GRAPHQL_FIELD_TYPE,
  ATTR_GRAPHQL_PARENT_TYPE,
} from './graphql-attributes';
import type { ResolveInfoLike, ResponsePathLike } from './graphql-shapes';

/** `orders.3.items`: field names and list indices, never argument values. */
export function responsePath(path: ResponsePathLike): string {
  let text = String(path.key);
  for (let step = path.prev; step !== undefined; step = step.prev) text = `${step.key}.${text}`;
  return text;
}

function resolverAttributes(info: ResolveInfoLike): Attributes {
  return {
    [ATTR_GRAPHQL_FIELD_NAME]: info.fieldName,
    [ATTR_GRAPHQL_PARENT_TYPE]: info.parentType.name,
    [ATTR_GRAPHQL_FIELD_TYPE]: String(info.returnType),
    [ATTR_GRAPHQL_FIELD_PATH]: responsePath(info.path),
  };
}

/**
 * Starts the INTERNAL span of one resolver call, `Query.order` / `Order.items`, child of
 * `parent`; `startTime` when the call began before it was known to need a span.
 */
export function startResolverSpan(parent: Context, info: ResolveInfoLike, startTime?: number): { span: Span; ctx: Context } {
  const span = tracingRuntime.tracerFor(parent).startSpan(
    `${info.parentType.name}.${info.fieldName}`,
    { kind: SpanKind.INTERNAL, startTime, attributes: resolverAttributes(info) },
    parent,
  );
  return { span, ctx: contextWithSpan(parent, span) };
}

/** Resolver spans are children only: a resolver run outside any span (a test calling it) gets none. */
export function hasParentSpan(parent: Context): boolean {
  return trace.getSpan(parent) !== undefined;
}
