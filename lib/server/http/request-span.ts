import type { IncomingMessage } from 'node:http';
import type { Context, Span } from '@opentelemetry/api';

/** The SERVER span of one incoming request, kept on Node's request object. */
export interface RequestSpan {
  span: Span;
  /** The context that holds `span`, to re-enter where a framework lost it. */
  context: Context;
  /** Whether `span` records (an unsampled one has nothing to record when the response ends). */
  recording: boolean;
  /** Route template, once a router matched one. */
  route?: string;
  /** The span's name when the request carried more than a route (a GraphQL operation's). */
  name?: string;
  /** Message of the error the handler threw, for the status of a 5xx response. */
  errorMessage?: string;
  /**
   * Fastify's reply, once a route matched: Fastify hands its headers to `writeHead`, so Node's
   * response cannot tell them (`getHeader` is undefined); the reply can.
   */
  reply?: { getHeader(name: string): unknown };
}

const REQUEST_SPAN = Symbol.for('nestjs-tracing.request-span');

type WithRequestSpan = IncomingMessage & { [REQUEST_SPAN]?: RequestSpan };

export function getRequestSpan(request: IncomingMessage): RequestSpan | undefined {
  return (request as WithRequestSpan)[REQUEST_SPAN];
}

export function setRequestSpan(request: IncomingMessage, state: RequestSpan): void {
  (request as WithRequestSpan)[REQUEST_SPAN] = state;
}

/** Express hands Nest Node's request itself; Fastify wraps it and keeps it as `raw`. */
export function nodeRequestOf(request: unknown): IncomingMessage {
  const raw = (request as { raw?: IncomingMessage }).raw;
  return raw ?? (request as IncomingMessage);
}
