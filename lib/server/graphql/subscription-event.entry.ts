import { Attributes, Context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { EntryPoint } from '../../entry/entry-point';
import { ATTR_GRAPHQL_FIELD_NAME, ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE } from './graphql-attributes';
import type { ResolveInfoLike } from './graphql-shapes';

/** One event a subscription delivers: its root field's info, and the subscription's context. */
export interface SubscriptionEvent {
  info: ResolveInfoLike;
  /** The context active when the client subscribed, when it held a span. */
  subscribed: Context | undefined;
}

/**
 * Each event a GraphQL subscription delivers is an entry point of its own: a CONSUMER span
 * `subscription OnOrderUpdated` (the field's name when the operation has none), a child of the
 * subscription's context where one exists (a subscription made inside a traced request), else
 * the root of a trace. No payload is recorded.
 */
export const SUBSCRIPTION_EVENT: EntryPoint<SubscriptionEvent> = {
  name: 'graphql subscription event',
  parent: (event) => (event.subscribed !== undefined && trace.getSpan(event.subscribed) !== undefined ? event.subscribed : ROOT_CONTEXT),
  spanName: (event) => `subscription ${event.info.operation?.name?.value ?? event.info.fieldName}`,
  spanKind: () => SpanKind.CONSUMER,
  attributes: (event): Attributes => {
    const attributes: Attributes = { [ATTR_GRAPHQL_OPERATION_TYPE]: 'subscription', [ATTR_GRAPHQL_FIELD_NAME]: event.info.fieldName };
    const name = event.info.operation?.name?.value;
    if (name !== undefined) attributes[ATTR_GRAPHQL_OPERATION_NAME] = name;
    return attributes;
  },
};
