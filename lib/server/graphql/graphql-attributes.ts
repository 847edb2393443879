/**
 * GraphQL attribute names. The conventions are still incubating: spelled here, as the
 * incubating entry point cannot be imported under `moduleResolution: node`.
 */
export const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
export const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
export const ATTR_GRAPHQL_DOCUMENT = 'graphql.document';
export const ATTR_GRAPHQL_FIELD_NAME = 'graphql.field.name';
export const ATTR_GRAPHQL_FIELD_PATH = 'graphql.field.path';
export const ATTR_GRAPHQL_FIELD_TYPE = 'graphql.field.type';
export const ATTR_GRAPHQL_PARENT_TYPE = 'graphql.parent.type';
/** On an error event: where in the result the error happened (`order.items.0.sku`). */
export const ATTR_GRAPHQL_ERROR_PATH = 'graphql.error.path';
/** On an error event: the error's `extensions.code`, when it has one. */
export const ATTR_GRAPHQL_ERROR_CODE = 'graphql.error.code';
