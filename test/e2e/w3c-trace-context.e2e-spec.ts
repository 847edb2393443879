import { SpanKind } from '@opentelemetry/api';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { startW3cTestService } from '../../sample-app/w3c/w3c-test-service';

/**
 * The installed propagator over real HTTP, driven the way the official W3C suite drives a
 * service: a harness posts instructions to the test endpoint with the headers under test and
 * reads the headers of the call the service makes back. Case by case rules: w3c-propagators.spec.ts.
 */
describe('W3C Trace Context through the installed propagator (test-service protocol)', () => {
  let harness: Server;
  let harnessUrl: string;
  /** Headers of each callback the service made, by path (single-valued: the ones checked here). */
  const callbacks = new Map<string, Record<string, string | undefined>>();
  let service: Awaited<ReturnType<typeof startW3cTestService>>;
  const exporter = new TestSpanExporter();

  beforeAll(async () => {
    harness = createServer((request, response) => {
      callbacks.set(request.url!, request.headers as Record<string, string | undefined>);
      request.resume().on('end', () => response.end('{}'));
    });
    await new Promise<void>((resolve) => harness.listen(0, '127.0.0.1', resolve));
    harnessUrl = `http://127.0.0.1:${(harness.address() as AddressInfo).port}`;
    service = await startW3cTestService({ serviceName: 'w3c-test-service', exporter });
  });
  afterAll(async () => {
    await service.app.close();
    await new Promise((resolve) => harness.close(resolve));
  });
  beforeEach(() => exporter.reset());

  /** Sends `headers` to the test service and returns the headers of its callbacks. */
  async function callThrough(headers: [string, string][], count = 1): Promise<Record<string, string | undefined>[]> {
    const ids = Array.from({ length: count }, () => `/${Math.random().toString(16).slice(2)}`);
    const response = await fetch(service.url, {
      method: 'POST',
      headers: [...headers, ['content-type', 'application/json']],
      body: JSON.stringify(ids.map((id) => ({ url: `${harnessUrl}${id}`, arguments: [] }))),
    });
    expect(response.status).toBe(200);
    return ids.map((id) => callbacks.get(id)!);
  }

  const TRACE_ID = '12345678901234567890123456789012';

  it('continues the trace with a new parent id per call, and keeps the random flag (level 2)', async () => {
    const out = await callThrough([['TraceParent', `00-${TRACE_ID}-1234567890123456-03`]], 3);
    const parents = out.map((headers) => headers.traceparent!.split('-'));
    expect(parents.map(([, traceId]) => traceId)).toEqual([TRACE_ID, TRACE_ID, TRACE_ID]);
    expect(new Set(parents.map(([, , parentId]) => parentId)).size).toBe(3);
    expect(parents.map(([, , , flags]) => flags)).toEqual(['03', '03', '03']);
    // The parent ids sent are those of the exported CLIENT spans, children of the SERVER span.
    const server = exporter.serverSpans[0];
    expect(server.parentSpanContext?.spanId).toBe('1234567890123456');
    const clients = exporter.findAll((span) => span.kind === SpanKind.CLIENT);
    expect(clients.map((span) => span.spanContext().spanId).sort()).toEqual(parents.map(([, , id]) => id).sort());
    expect(clients.every((span) => span.parentSpanContext?.spanId === server.spanContext().spanId)).toBe(true);
  });

  it('passes on vendor tracestate keys, and drops a tracestate with an invalid member as a whole', async () => {
    const [kept] = await callThrough([
      ['traceparent', `00-${TRACE_ID}-1234567890123456-00`],
      ['tracestate', 'foo@=1,bar=2'],
      ['tracestate', 'foo@@bar=3'],
    ]);
    expect(kept.tracestate).toBe('foo@=1,bar=2,foo@@bar=3');
    // Neither sampled nor random, as received.
    expect(kept.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    const [dropped] = await callThrough([
      ['traceparent', `00-${TRACE_ID}-1234567890123456-00`],
      ['tracestate', 'foo=,bar=3'],
    ]);
    expect(dropped.traceparent?.split('-')[1]).toBe(TRACE_ID);
    expect(dropped.tracestate).toBeUndefined();
  });

  it('restarts the trace on an invalid traceparent, with the random flag of its own ids', async () => {
    const [out] = await callThrough([['traceparent', `00-${TRACE_ID}-1234567890123456-01\u00a0`]]);
    const [version, traceId, , flags] = out.traceparent!.split('-');
    expect(version).toBe('00');
    expect(traceId).not.toBe(TRACE_ID);
    expect(flags).toBe('03');
    expect(exporter.serverSpans[0].parentSpanContext).toBeUndefined();
  });
});
