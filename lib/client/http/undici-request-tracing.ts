import diagnosticsChannel from 'node:diagnostics_channel';
import type { TextMapSetter } from '@opentelemetry/api';
import { reportOnce } from '../../diagnostics';
import { endWithError, endWithResponse, startClientRequestSpan } from './client-request-span';
import { OpenClientSpans } from './open-client-spans';
import type { OutgoingHttpSettings } from './outgoing-http-settings';
import { serverOf } from './server-of';

/** The part of undici's request object its diagnostics channels hand out that we use. */
interface UndiciRequest {
  origin: string | URL;
  path: string;
  method: string;
  /** `[name, value, ...]` since undici 6 (Node 20+); one `name: value\r\n` string before. */
  headers: string[] | string;
  addHeader?(name: string, value: string): unknown;
}

const TRACEPARENT_LINE = /(^|\n)traceparent:/i;

/** True when someone else already wrote the trace context (the app's undici instrumentation, or its own code). */
function hasTraceparent(request: UndiciRequest): boolean {
  const headers = request.headers;
  if (typeof headers === 'string') return TRACEPARENT_LINE.test(headers);
  for (let i = 0; i < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() === 'traceparent') return true;
  }
  return false;
}

const headerSetter: TextMapSetter<UndiciRequest> = {
  set(request, key, value) {
    if (typeof request.addHeader === 'function') request.addHeader(key, value);
    else if (Array.isArray(request.headers)) request.headers.push(key, value);
    else request.headers += `${key}: ${value}\r\n`;
  },
};

/**
 * Traces requests of global `fetch` and of the `undici` package through undici's diagnostics
 * channels: the span starts at `undici:request:create` (where the headers can still be added)
 * and ends at `undici:request:headers` (the response status) or `undici:request:error`. A
 * redirect is a new request, so each hop gets its own span. Returns the unsubscribe function.
 */
export function traceUndiciRequests(settings: OutgoingHttpSettings): () => void {
  const open = new OpenClientSpans<UndiciRequest>('fetch/undici');

  const onCreate = (message: unknown): void => {
    try {
      const { request } = message as { request: UndiciRequest };
      if (request.method === 'CONNECT' || hasTraceparent(request)) return;
      const origin = String(request.origin);
      const { address, port } = serverOf(origin);
      const span = startClientRequestSpan(
        settings,
        { method: request.method, url: origin + request.path, serverAddress: address, serverPort: port },
        request,
        headerSetter,
      );
      if (span) open.add(request, span);
    } catch (error) {
      reportOnce('http-client:undici-create', 'tracing an outgoing fetch/undici request failed; it goes on untraced', error);
    }
  };
  const onHeaders = (message: unknown): void => {
    const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
    open.end(request, (span) => endWithResponse(span, response.statusCode));
  };
  const onError = (message: unknown): void => {
    const { request, error } = message as { request: UndiciRequest; error: unknown };
    open.end(request, (span) => endWithError(span, error));
  };

  diagnosticsChannel.subscribe('undici:request:create', onCreate);
  diagnosticsChannel.subscribe('undici:request:headers', onHeaders);
  diagnosticsChannel.subscribe('undici:request:error', onError);
  return () => {
    diagnosticsChannel.unsubscribe('undici:request:create', onCreate);
    diagnosticsChannel.unsubscribe('undici:request:headers', onHeaders);
    diagnosticsChannel.unsubscribe('undici:request:error', onError);
  };
}
