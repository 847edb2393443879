import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { TextMapSetter } from '@opentelemetry/api';
import { reportOnce } from '../../diagnostics';
import { endWithError, endWithResponse, startClientRequestSpan } from './client-request-span';
import { OpenClientSpans } from './open-client-spans';
import type { OutgoingHttpSettings } from './outgoing-http-settings';
import { splitHost } from './server-of';

/**
 * Whether this Node publishes `http.client.request.created`, the one moment a request's headers
 * can still be changed (Node 22.13+, 23.2+, 24). A version that has it but is listed as not
 * does no harm: a request seen twice is traced once.
 */
function publishesRequestCreated(): boolean {
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 2) || (major === 22 && minor >= 13);
}

/** Only while the headers are not rendered: with array headers Node renders them at once. */
const headerSetter: TextMapSetter<ClientRequest> = {
  set(request, key, value) {
    if (!request.headersSent) request.setHeader(key, value);
  },
};

/**
 * Traces `node:http` / `node:https` client requests (axios, got, `@nestjs/axios`, most SDKs):
 * the span starts when the request is created, ends at `http.client.response.finish` (the
 * response headers) or `http.client.request.error`. On a Node without
 * `http.client.request.created` (20.x), the start is taken from `http.Agent#addRequest`, called
 * by the request's constructor before its headers are rendered: one wrapped prototype method,
 * restored on unsubscribe. Returns the unsubscribe function.
 */
export function traceNodeHttpRequests(settings: OutgoingHttpSettings): () => void {
  const open = new OpenClientSpans<ClientRequest>('node:http');

  const onCreated = (request: ClientRequest): void => {
    try {
      // A traceparent already there is someone else's, or ours if both hooks saw this request.
      if (open.has(request) || request.getHeader('traceparent') !== undefined) return;
      const protocol = request.protocol ?? 'http:';
      const host = String(request.getHeader('host') ?? request.host);
      const { address, port } = splitHost(host, protocol);
      const url = `${protocol}//${host}${request.path}`;
      const span = startClientRequestSpan(settings, { method: request.method, url, serverAddress: address, serverPort: port }, request, headerSetter);
      if (span) open.add(request, span);
    } catch (error) {
      reportOnce('http-client:node-created', 'tracing an outgoing node:http request failed; it goes on untraced', error);
    }
  };
  const onCreatedMessage = (message: unknown): void => onCreated((message as { request: ClientRequest }).request);
  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    open.end(request, (span) => endWithResponse(span, response.statusCode ?? 0, response.httpVersion));
  };
  const onError = (message: unknown): void => {
    const { request, error } = message as { request: ClientRequest; error: unknown };
    open.end(request, (span) => endWithError(span, error));
  };

  const restoreAgent = publishesRequestCreated() ? undefined : wrapAgentAddRequest(onCreated);
  diagnosticsChannel.subscribe('http.client.request.created', onCreatedMessage);
  diagnosticsChannel.subscribe('http.client.response.finish', onResponse);
  diagnosticsChannel.subscribe('http.client.request.error', onError);
  return () => {
    restoreAgent?.();
    diagnosticsChannel.unsubscribe('http.client.request.created', onCreatedMessage);
    diagnosticsChannel.unsubscribe('http.client.response.finish', onResponse);
    diagnosticsChannel.unsubscribe('http.client.request.error', onError);
  };
}

type AddRequest = (this: http.Agent, request: ClientRequest, ...rest: unknown[]) => unknown;

/** The Node 20 fallback: `onCreated` runs first, then the agent's own method, whatever happens. */
function wrapAgentAddRequest(onCreated: (request: ClientRequest) => void): () => void {
  const prototype = http.Agent.prototype as unknown as { addRequest: AddRequest };
  const original = prototype.addRequest;
  let active = true;
  const addRequest: AddRequest = function (this: http.Agent, request, ...rest) {
    if (active) onCreated(request);
    return original.call(this, request, ...rest);
  };
  prototype.addRequest = addRequest;
  return () => {
    active = false;
    // Someone may have wrapped ours since: then ours stays in their chain, switched off.
    if (prototype.addRequest === addRequest) prototype.addRequest = original;
  };
}
