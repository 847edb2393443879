import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { TraceService } from 'nestjs-tracing';
import { callers, CLIENTS, ClientName } from '../support/http-clients';
import { closedPort, HttpTarget, startHttpTarget } from '../support/http-target';
import { RunningApp, startApp } from '../support/http-apps';

describe('outgoing HTTP: a CLIENT span per request made inside a span, the trace context on the wire', () => {
  let target: HttpTarget;
  let running: RunningApp;
  let trace: TraceService;

  beforeAll(async () => {
    target = await startHttpTarget();
    running = await startApp('express', {});
    trace = running.app.get(TraceService);
  });
  afterAll(async () => {
    await running.app.close();
    await target.close();
  });
  beforeEach(() => {
    running.exporter.reset();
    target.received.length = 0;
  });

  /** Runs `fn` in an INTERNAL span named `caller`, as a `@Traced` method would. */
  async function inSpan<T>(fn: () => Promise<T>): Promise<{ result: T; caller: ReadableSpan; clients: ReadableSpan[] }> {
    const result = await trace.withSpan('caller', fn);
    const caller = await running.exporter.waitFor((span) => span.name === 'caller');
    const clients = running.exporter.spans.filter((span) => span.kind === SpanKind.CLIENT);
    return { result, caller, clients };
  }

  /** The header the target saw came once, and names `span` as the caller's span. */
  function expectPropagated(span: ReadableSpan, receivedIndex = 0): void {
    const { traceId, spanId } = span.spanContext();
    // A trace started here is sampled (01) with random ids (02): W3C Trace Context level 2.
    expect(target.received[receivedIndex].traceparents).toEqual([`00-${traceId}-${spanId}-03`]);
  }

  describe.each(CLIENTS)('%s', (client: ClientName) => {
    const call = callers[client];

    it.each([
      ['/ok', 200, SpanStatusCode.UNSET],
      ['/missing', 404, SpanStatusCode.ERROR],
      ['/fail', 500, SpanStatusCode.ERROR],
    ])('GET %s: status %d on the span, the header once at the server', async (path, status, code) => {
      const { result, caller, clients } = await inSpan(() => call(`${target.url}${path}`));
      expect(result).toEqual({ status });
      expect(clients).toHaveLength(1);
      const [span] = clients;
      expect(span.name).toBe('GET');
      expect(span.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
      expect(span.spanContext().traceId).toBe(caller.spanContext().traceId);
      expect(span.attributes).toMatchObject({
        [ATTR_HTTP_REQUEST_METHOD]: 'GET',
        [ATTR_URL_FULL]: `${target.url}${path}`,
        [ATTR_SERVER_ADDRESS]: '127.0.0.1',
        [ATTR_SERVER_PORT]: target.port,
        [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
      });
      expect(span.status.code).toBe(code);
      if (status >= 400) expect(span.attributes[ATTR_ERROR_TYPE]).toBe(String(status));
      else expect(span.attributes).not.toHaveProperty([ATTR_ERROR_TYPE]);
      if (client !== 'fetch') expect(span.attributes[ATTR_NETWORK_PROTOCOL_VERSION]).toBe('1.1');
      expectPropagated(span);
    });

    it('connection refused: ERROR with the error code, no status code', async () => {
      const port = await closedPort();
      const { result, clients } = await inSpan(() => call(`http://127.0.0.1:${port}/ok`));
      expect(result.error).toBe('ECONNREFUSED');
      expect(clients).toHaveLength(1);
      expect(clients[0].attributes).toMatchObject({ [ATTR_ERROR_TYPE]: 'ECONNREFUSED', [ATTR_SERVER_PORT]: port });
      expect(clients[0].attributes).not.toHaveProperty([ATTR_HTTP_RESPONSE_STATUS_CODE]);
      expect(clients[0].status.code).toBe(SpanStatusCode.ERROR);
    });

    it('a timeout that aborts the request: ERROR, and the span still ends', async () => {
      const { result, clients } = await inSpan(() => call(`${target.url}/slow`, 150));
      expect(clients).toHaveLength(1);
      expect(clients[0].status.code).toBe(SpanStatusCode.ERROR);
      // What each client aborts with: fetch's DOMException, Node's AbortError, axios's own error.
      const errorType = { fetch: 'TimeoutError', 'node:http': 'ABORT_ERR', axios: 'ECONNABORTED' }[client];
      expect(result.error).toBe(errorType);
      expect(clients[0].attributes[ATTR_ERROR_TYPE]).toBe(errorType);
      expect(clients[0].attributes).not.toHaveProperty([ATTR_HTTP_RESPONSE_STATUS_CODE]);
      expectPropagated(clients[0]);
    });

    it('never exports credentials or query values', async () => {
      const url = `${target.url}/ok?token=tok-123&page=2&X-Amz-Signature=sig-456&api_key=key-789`;
      // fetch refuses URLs with credentials; the others send them as an Authorization header.
      const withCredentials = client === 'fetch' ? url : url.replace('http://', 'http://alice:pa55word@');
      const { clients } = await inSpan(() => call(withCredentials));
      expect(clients).toHaveLength(1);
      expect(clients[0].attributes[ATTR_URL_FULL]).toBe(
        `${target.url}/ok?token=REDACTED&page=REDACTED&X-Amz-Signature=REDACTED&api_key=REDACTED`,
      );
      const exported = JSON.stringify(running.exporter.spans.map((span) => [span.name, span.attributes, span.events]));
      for (const secret of ['tok-123', 'sig-456', 'key-789', 'alice', 'pa55word']) expect(exported).not.toContain(secret);
    });
  });

  it('fetch follows a redirect: one span per hop, each hop with its own header', async () => {
    const { result, caller, clients } = await inSpan(() => callers.fetch(`${target.url}/redirect`));
    expect(result).toEqual({ status: 200 });
    const byStatus = clients.map((span) => [span.attributes[ATTR_URL_FULL], span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE], span.status.code]);
    expect(byStatus).toEqual([
      [`${target.url}/redirect`, 302, SpanStatusCode.UNSET],
      [`${target.url}/ok`, 200, SpanStatusCode.UNSET],
    ]);
    for (const span of clients) expect(span.parentSpanContext?.spanId).toBe(caller.spanContext().spanId);
    expect(target.received.map((request) => request.path)).toEqual(['/redirect', '/ok']);
    expectPropagated(clients[0], 0);
    expectPropagated(clients[1], 1);
  });

  it('makes no span and sends no header outside a span', async () => {
    for (const client of CLIENTS) expect(await callers[client](`${target.url}/ok`)).toEqual({ status: 200 });
    expect(running.exporter.spans).toEqual([]);
    expect(target.received.map((request) => request.traceparents)).toEqual([[], [], []]);
  });

  it('leaves a request that already carries a traceparent to whoever wrote it: one header, no span of ours', async () => {
    const { clients } = await inSpan(async () => {
      const headers = trace.inject<Record<string, string>>({});
      await (await fetch(`${target.url}/ok`, { headers })).text();
    });
    expect(clients).toEqual([]);
    expect(target.received[0].traceparents).toHaveLength(1);
  });
});
