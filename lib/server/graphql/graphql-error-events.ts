import { Attributes, Span, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_EXCEPTION_MESSAGE, ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';
import { ATTR_GRAPHQL_ERROR_CODE, ATTR_GRAPHQL_ERROR_PATH } from './graphql-attributes';
import type { GraphqlErrorLike } from './graphql-shapes';

/**
 * graphql-js quotes the offending value after these words in the messages of request errors
 * (`Variable "$id" got invalid value "x"`, `Expected value of type "Int!", found "x"`).
 */
const QUOTED_VALUE = /\b(got invalid value|found|value:)\s.*$/s;

/**
 * The message of a GraphQL error without the value it quotes. Errors with a path come from a
 * resolver and keep their message, as any exception the app throws; errors without one come
 * from parsing, validation or variable coercion, and may quote what the client sent.
 */
export function graphqlErrorMessage(error: GraphqlErrorLike): string {
  const message = typeof error.message === 'string' ? error.message : 'GraphQL error';
  return error.path === undefined ? message.replace(QUOTED_VALUE, '$1 ?') : message;
}

/**
 * Records the errors of a GraphQL response on the operation's span, one `exception` event each
 * (type, message without quoted values, result path, `extensions.code`; no stack, no
 * arguments), and marks it ERROR: the operation failed, though HTTP said 200.
 */
export function recordGraphqlErrors(span: Span, errors: readonly GraphqlErrorLike[]): void {
  let first: string | undefined;
  let firstCode: string | undefined;
  for (const error of errors) {
    const message = graphqlErrorMessage(error);
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
    const attributes: Attributes = { [ATTR_EXCEPTION_TYPE]: 'GraphQLError', [ATTR_EXCEPTION_MESSAGE]: message };
    if (Array.isArray(error.path)) attributes[ATTR_GRAPHQL_ERROR_PATH] = error.path.join('.');
    if (code !== undefined) attributes[ATTR_GRAPHQL_ERROR_CODE] = code;
    span.addEvent('exception', attributes);
    first ??= message;
    firstCode ??= code;
  }
  span.setAttribute(ATTR_ERROR_TYPE, firstCode ?? 'GraphQLError');
  span.setStatus({ code: SpanStatusCode.ERROR, message: first });
}
