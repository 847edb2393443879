/**
 * The parts of `graphql` and `@nestjs/graphql` values this folder reads, as plain shapes: the
 * packages are optional peers, never imported (not even their types) by the published code.
 */

/** A step of `info.path`: the field name or list index, and the step before it. */
export interface ResponsePathLike {
  readonly prev: ResponsePathLike | undefined;
  readonly key: string | number;
}

/** The `info` argument graphql-js hands each resolver. */
export interface ResolveInfoLike {
  readonly fieldName: string;
  readonly parentType: { readonly name: string };
  readonly returnType: { toString(): string };
  readonly path: ResponsePathLike;
  readonly operation?: { readonly operation: string; readonly name?: { readonly value: string } };
}

/** An error of a GraphQL response (a `GraphQLError` or its formatted form). */
export interface GraphqlErrorLike {
  readonly message?: unknown;
  readonly path?: ReadonlyArray<string | number>;
  readonly extensions?: { readonly code?: unknown };
}

/** What `ResolverDecoratorHost`'s "request end" hook is given (`@nestjs/graphql` 13). */
export interface RequestEndHookContext {
  query?: string;
  operationName?: string;
  context?: Record<string, unknown>;
  errors?: readonly GraphqlErrorLike[];
  state?: unknown;
}

/** The resolver metadata `ResolversExplorerService` registers: field, parent type, method. */
export interface ResolverMetadataLike {
  readonly name: string;
  readonly type: string;
  readonly methodName: string;
}

/** The functions of `graphql` used to read a document. */
export interface GraphqlLanguage {
  parse(source: string, options?: { noLocation?: boolean }): DocumentLike;
  visit(document: DocumentLike, visitor: Record<string, (node: unknown) => unknown>): DocumentLike;
  print(document: DocumentLike): string;
}

export interface DocumentLike {
  readonly definitions: ReadonlyArray<{ readonly kind: string; readonly operation?: string; readonly name?: { readonly value: string } }>;
}
