import { Controller, Get, INestApplication, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { diag, SpanKind } from '@opentelemetry/api';
import type { AddressInfo } from 'node:net';
import { SpanAttribute, Traced, TracingModule, TracingModuleOptions } from 'nestjs-tracing';
import { closedPortUrl, CollectorMode, OtlpCollector } from '../support/otlp-collector';
import { captureDiag, DiagMessage, setEnv } from '../support/scoped-env';

@Injectable()
class OrdersService {
  @Traced()
  async find(@SpanAttribute('order.id') id: string) {
    return { id, total: 99.99 };
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.orders.find(id);
  }
}

/** The OTLP default export timeout is 10 s; a short one keeps a dead collector from holding up close(). */
const EXPORT_TIMEOUT_MILLIS = 300;
/**
 * close() waits for the last export, which gives up after EXPORT_TIMEOUT_MILLIS: it must end
 * well within this bound, 16 times that timeout and half the 10 s default it would wait if the
 * option were not applied. A behaviour (the timeout is honoured), not a speed.
 */
const CLOSE_BOUND_MILLIS = 5000;

async function startOrdersApp(options: TracingModuleOptions = {}): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [TracingModule.forRoot({ serviceName: 'orders', ...options })],
    controllers: [OrdersController],
    providers: [OrdersService],
  })
  class OrdersModule {}
  const app = await NestFactory.create(OrdersModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}


async function waitUntil(condition: () => boolean, timeoutMillis = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const BASE_ENV = {
  OTEL_TRACES_EXPORTER: undefined,
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_HEADERS: undefined,
  OTEL_EXPORTER_OTLP_TRACES_HEADERS: undefined,
  OTEL_EXPORTER_OTLP_TIMEOUT: undefined,
  OTEL_RESOURCE_ATTRIBUTES: undefined,
  OTEL_SERVICE_NAME: undefined,
  // The batch timer never fires during a test unless the test sets it: what the collector has
  // right after close() resolves is what close() sent.
  OTEL_BSP_SCHEDULE_DELAY: '60000',
};

describe('OTLP/HTTP export configured by OTEL_* variables', () => {
  let collector: OtlpCollector;
  let restoreEnv: () => void;
  let diagMessages: DiagMessage[];

  beforeEach(async () => {
    collector = await OtlpCollector.start();
    restoreEnv = setEnv(BASE_ENV);
    diagMessages = captureDiag();
  });
  afterEach(async () => {
    diag.disable();
    restoreEnv();
    await collector.close();
  });

  it('sends to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, with OTEL_EXPORTER_OTLP_HEADERS', async () => {
    process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `${collector.url}/custom/traces`;
    // The signal-specific URL wins over the base one, which points nowhere here.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = await closedPortUrl();
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-api-key=s3cret,x-tenant=acme%20corp';
    const { app, url } = await startOrdersApp();
    expect((await fetch(`${url}/orders/7`)).status).toBe(200);
    await app.close();

    expect(collector.spans.map((span) => span.name).sort()).toEqual(['GET /orders/:id', 'OrdersService.find']);
    expect(collector.exports.map((received) => received.path)).toEqual(['/custom/traces']);
    expect(collector.exports[0].headers).toMatchObject({ 'x-api-key': 's3cret', 'x-tenant': 'acme corp' });
    const server = collector.spans.find((span) => span.kind === SpanKind.SERVER)!;
    expect(server.name).toBe('GET /orders/:id');
    expect(collector.spans.find((span) => span.name === 'OrdersService.find')?.parentSpanId).toBe(server.spanId);
    expect(diagMessages.filter((message) => message.level === 'error')).toEqual([]);
  });

  it('appends /v1/traces to OTEL_EXPORTER_OTLP_ENDPOINT, with or without a trailing slash', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `${collector.url}/otlp/`;
    const { app, url } = await startOrdersApp();
    expect((await fetch(`${url}/orders/8`)).status).toBe(200);
    await app.close();

    expect(collector.spans).toHaveLength(2);
    expect(collector.exports.map((received) => received.path)).toEqual(['/otlp/v1/traces']);
  });

  it('lets code options win over the variables, merging headers', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = await closedPortUrl();
    process.env.OTEL_SERVICE_NAME = 'from-env';
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-from-env=1,x-from-code=overridden';
    const { app, url } = await startOrdersApp({
      otlp: { tracesEndpoint: `${collector.url}/from-code`, headers: { 'x-from-code': 'yes' } },
    });
    expect((await fetch(`${url}/orders/9`)).status).toBe(200);
    await app.close();

    const spans = collector.spans;
    expect(spans).toHaveLength(2);
    expect(collector.exports[0].path).toBe('/from-code');
    // Headers in code are merged over the variable's, key by key.
    expect(collector.exports[0].headers).toMatchObject({ 'x-from-code': 'yes', 'x-from-env': '1' });
    expect(spans[0].resource['service.name']).toBe('orders');
  });

  const FAILURES: [string, CollectorMode | 'closed', RegExp][] = [
    ['nothing listens on the port', 'closed', /ECONNREFUSED/],
    ['the collector answers 503', 'unavailable', /retryable/],
    ['the collector never answers', 'hang', /timed out/],
  ];

  describe.each(FAILURES)('when %s', (_, mode, reason) => {
    it('serves every request, closes within the export timeout and reports the failure through diag', async () => {
      if (mode === 'closed') process.env.OTEL_EXPORTER_OTLP_ENDPOINT = await closedPortUrl();
      else {
        collector.mode = mode;
        process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
      }
      const { app, url } = await startOrdersApp({ otlp: { timeoutMillis: EXPORT_TIMEOUT_MILLIS } });
      for (const id of ['1', '2', '3']) {
        const response = await fetch(`${url}/orders/${id}`);
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ id, total: 99.99 });
      }
      const closing = performance.now();
      await expect(app.close()).resolves.toBeUndefined();
      expect(performance.now() - closing).toBeLessThan(CLOSE_BOUND_MILLIS);

      // Reported once for the outage, not once per batch, with what was lost: the batch close()
      // flushed held the 3 requests' spans, a SERVER span and its child each.
      const errors = diagMessages.filter((message) => message.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0].message).toMatch(/^nestjs-tracing: span export failed, 6 span\(s\) dropped/);
      expect((errors[0].args[0] as Error).message).toMatch(reason);
      if (mode === 'closed') return;
      // The exporter did offer those spans to the collector it was pointed at.
      const offered = collector.exports.flatMap((received) => received.offered);
      const servers = offered.filter((span) => span.kind === SpanKind.SERVER).map((span) => span.attributes['url.path']);
      expect(new Set(servers)).toEqual(new Set(['/orders/1', '/orders/2', '/orders/3']));
    });
  });

  it('reports a failed batch through diag while the app runs, and the requests go on', async () => {
    collector.mode = 'unavailable';
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    process.env.OTEL_BSP_SCHEDULE_DELAY = '20';
    const { app, url } = await startOrdersApp({ otlp: { timeoutMillis: EXPORT_TIMEOUT_MILLIS } });
    try {
      expect((await fetch(`${url}/orders/1`)).status).toBe(200);
      await collector.waitForExports(1);
      await waitUntil(() => diagMessages.some((message) => message.level === 'error'));
      const [failure] = diagMessages.filter((message) => message.level === 'error');
      expect(failure.message).toMatch(/^nestjs-tracing: span export failed/);
      expect((failure.args[0] as Error).message).toMatch(/retryable/);
      // A second failed batch is counted, not reported again.
      expect((await fetch(`${url}/orders/2`)).status).toBe(200);
      await collector.waitForExports(2);
      expect(diagMessages.filter((message) => message.level === 'error')).toHaveLength(1);
      // When the collector is back, recovery is reported and spans flow again.
      collector.mode = 'accept';
      expect((await fetch(`${url}/orders/3`)).status).toBe(200);
      await waitUntil(() => diagMessages.some((message) => /recovered after 2 failed batch/.test(message.message)));
      expect(collector.spans.some((span) => span.attributes['url.path'] === '/orders/3')).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('exports again from a new app after an app whose collector was down has closed', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = await closedPortUrl();
    const first = await startOrdersApp({ otlp: { timeoutMillis: EXPORT_TIMEOUT_MILLIS } });
    expect((await fetch(`${first.url}/orders/1`)).status).toBe(200);
    await first.app.close();

    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    const second = await startOrdersApp();
    expect((await fetch(`${second.url}/orders/2`)).status).toBe(200);
    await second.app.close();
    const spans = collector.spans;
    expect(spans).toHaveLength(2);
    expect(spans.find((span) => span.kind === SpanKind.SERVER)?.attributes['url.path']).toBe('/orders/2');
  });
});
