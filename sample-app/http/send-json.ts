import { BadGatewayException } from '@nestjs/common';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import type { TraceService } from 'nestjs-tracing';

/** A non-2xx answer from another service; orders answers 502 unless a client maps it to something better. */
export class DownstreamError extends BadGatewayException {
  constructor(
    readonly downstreamStatus: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

function reasonOf(payload: unknown, status: number): string {
  const message = (payload as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : `HTTP ${status}`;
}

/**
 * The demo's whole HTTP client: global `fetch` with the active trace context written into the
 * headers (`traceparent`). Call it inside a `@Traced({ kind: SpanKind.CLIENT })` method so the
 * downstream SERVER span becomes a child of that CLIENT span. The library's own traced clients
 * will replace this file.
 */
export async function sendJson<T>(trace: TraceService, method: 'GET' | 'POST', url: URL, body?: unknown): Promise<T> {
  trace.setAttributes({
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_FULL]: url.href,
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_SERVER_PORT]: Number(url.port),
  });
  const headers = trace.inject<Record<string, string>>({ accept: 'application/json' });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  trace.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
  const payload: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw new DownstreamError(response.status, reasonOf(payload, response.status));
  return payload as T;
}
