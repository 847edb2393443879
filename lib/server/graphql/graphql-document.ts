import type { DocumentLike, GraphqlLanguage } from './graphql-shapes';

/** A literal value, printed as a bare `?` (an enum value node named `?`). */
const HIDDEN = (): unknown => ({ kind: 'EnumValue', value: '?' });

/** Literals that may carry what a user typed: numbers, strings, booleans. Enum values stay. */
const WITHOUT_LITERALS = { IntValue: HIDDEN, FloatValue: HIDDEN, StringValue: HIDDEN, BooleanValue: HIDDEN };

/** The document parsed, or undefined when it does not parse (the response says why). */
export function parseDocument(graphql: GraphqlLanguage, query: string): DocumentLike | undefined {
  try {
    return graphql.parse(query, { noLocation: true });
  } catch {
    return undefined;
  }
}

/**
 * The document printed again with every literal replaced by `?`: `order(id: ?)`. Variables
 * keep their names (`order(id: $id)`); their values are never part of the document.
 */
export function documentWithoutLiterals(graphql: GraphqlLanguage, document: DocumentLike): string {
  return graphql.print(graphql.visit(document, WITHOUT_LITERALS));
}

/** The operation the request runs: the one named `operationName`, or the document's only one. */
export function operationOf(document: DocumentLike, operationName: string | undefined): { type: string; name?: string } | undefined {
  const operations = document.definitions.filter((definition) => definition.kind === 'OperationDefinition');
  const operation =
    operationName === undefined ? (operations.length === 1 ? operations[0] : undefined) : operations.find((op) => op.name?.value === operationName);
  return operation?.operation === undefined ? undefined : { type: operation.operation, name: operation.name?.value };
}
