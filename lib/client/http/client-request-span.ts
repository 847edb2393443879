import { propagation, Span, SpanKind, SpanStatusCode, trace, TextMapSetter } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { normalizeMethod } from '../../server/http/http-request-attributes';
import { tracingRuntime } from '../../tracing.runtime';
import type { OutgoingHttpSettings } from './outgoing-http-settings';
import { redactUrl } from './redact-url';

/** What both transports know about a request when it is created. */
export interface OutgoingRequest {
  method: string;
  /** The URL as the app gave it (credentials and query included): matched, then redacted. */
  url: string;
  serverAddress: string;
  serverPort: number | undefined;
}

/**
 * Starts the CLIENT span of an outgoing request and writes the trace context into its headers
 * with `setter`. Nothing happens outside a span (background noise, startup calls), for ignored
 * URLs, or where tracing is suppressed (the OTLP exporter's own requests): the tracer then hands
 * back an invalid span. Returns the span to end, if any.
 */
export function startClientRequestSpan<C>(
  settings: OutgoingHttpSettings,
  request: OutgoingRequest,
  carrier: C,
  setter: TextMapSetter<C>,
): Span | undefined {
  const parent = tracingRuntime.activeContext();
  if (trace.getSpan(parent) === undefined || settings.ignores(request.url)) return undefined;
  const method = normalizeMethod(request.method);
  const span = tracingRuntime.tracerFor(parent).startSpan(
    method === '_OTHER' ? 'HTTP' : method,
    { kind: SpanKind.CLIENT, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_SERVER_ADDRESS]: request.serverAddress } },
    parent,
  );
  if (!trace.isSpanContextValid(span.spanContext())) return undefined;
  if (span.isRecording()) {
    span.setAttribute(ATTR_URL_FULL, redactUrl(request.url, settings.sensitiveQueryKeys, !settings.recordQueryValues));
    if (request.serverPort !== undefined) span.setAttribute(ATTR_SERVER_PORT, request.serverPort);
    if (method === '_OTHER') span.setAttribute(ATTR_HTTP_REQUEST_METHOD_ORIGINAL, request.method);
  }
  if (settings.propagatesTo(request.serverAddress, request.serverPort, request.url)) {
    propagation.inject(trace.setSpan(parent, span), carrier, setter);
  }
  return span;
}

/** Ends the span with the response's status: 4xx and 5xx are errors of the call. */
export function endWithResponse(span: Span, statusCode: number, protocolVersion?: string): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
  if (protocolVersion) span.setAttribute(ATTR_NETWORK_PROTOCOL_VERSION, protocolVersion);
  if (statusCode >= 400) {
    span.setAttribute(ATTR_ERROR_TYPE, String(statusCode));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Ends the span of a request that got no response: refused, reset, timed out, aborted. */
export function endWithError(span: Span, error: unknown): void {
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  const type = typeof code === 'string' ? code : typeof name === 'string' && name !== 'Error' ? name : '_OTHER';
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: typeof message === 'string' ? message : undefined });
  span.end();
}
