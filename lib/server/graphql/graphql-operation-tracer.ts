import type { IncomingMessage } from 'node:http';
import { ATTR_GRAPHQL_DOCUMENT, ATTR_GRAPHQL_OPERATION_NAME, ATTR_GRAPHQL_OPERATION_TYPE } from './graphql-attributes';
import { documentWithoutLiterals, operationOf, parseDocument } from './graphql-document';
import { recordGraphqlErrors } from './graphql-error-events';
import type { DocumentLike, GraphqlLanguage, RequestEndHookContext, ResolveInfoLike } from './graphql-shapes';
import { getRequestSpan, nodeRequestOf } from '../http/request-span';

interface Operation {
  type: string;
  name?: string;
}

/**
 * Enriches the SERVER span of a GraphQL-over-HTTP request with its operation, once the
 * response is ready (the "request end" hook of `@nestjs/graphql`, both drivers): named
 * `{type} {name}` (`query GetOrder`; the HTTP name when the operation has no name), its type
 * and name as attributes, the document without literals when asked, and the response's errors.
 * No second span: the request already has one.
 */
export class GraphqlOperationTracer {
  /** The operation each GraphQL context runs, noted by its first root resolver for free. */
  private readonly operations = new WeakMap<object, Operation>();

  constructor(
    private readonly graphql: GraphqlLanguage | undefined,
    private readonly recordDocument: boolean,
  ) {}

  /** Called by root resolvers: `info.operation` tells the operation without parsing again. */
  noteOperation(context: unknown, info: ResolveInfoLike | undefined): void {
    if (context === null || typeof context !== 'object' || info?.operation === undefined) return;
    if (this.operations.has(context)) return;
    this.operations.set(context, { type: info.operation.operation, name: info.operation.name?.value });
  }

  end(hook: RequestEndHookContext): void {
    const context = hook.context;
    const request = context?.req;
    if (request === null || typeof request !== 'object') return;
    const state = getRequestSpan(nodeRequestOf(request) as IncomingMessage);
    if (state === undefined || !state.span.isRecording()) return;
    const span = state.span;
    // Apollo on Express is middleware mounted at the endpoint: no router route, its mount path.
    state.route ??= (request as { baseUrl?: string }).baseUrl || undefined;
    let document: DocumentLike | undefined;
    const parsed = (): DocumentLike | undefined =>
      (document ??= this.graphql !== undefined && typeof hook.query === 'string' ? parseDocument(this.graphql, hook.query) : undefined);
    // A document that failed validation reached no resolver: read it (rare).
    const noted = this.operations.get(context!);
    const operation = noted ?? (parsed() && operationOf(parsed()!, hook.operationName));
    if (operation !== undefined) {
      span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.type);
      if (operation.name !== undefined) {
        span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operation.name);
        state.name = `${operation.type} ${operation.name}`;
        span.updateName(state.name);
      }
    }
    if (this.recordDocument && parsed() !== undefined) span.setAttribute(ATTR_GRAPHQL_DOCUMENT, documentWithoutLiterals(this.graphql!, parsed()!));
    if (hook.errors !== undefined && hook.errors.length > 0) recordGraphqlErrors(span, hook.errors);
  }
}
