import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { AddressInfo } from 'node:net';
import { SpanAttribute, Traced, TracingModule, TracingModuleOptions } from 'nestjs-tracing';
import { OtlpCollector } from '../support/otlp-collector';
import { setEnv } from '../support/scoped-env';

@Injectable()
class OrdersService {
  @Traced()
  async find(@SpanAttribute('order.id') id: string) {
    if (id === 'lost') throw new Error('order lost');
    return { id };
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

/** Boots the app, serves one good and one failing request, and closes it (which flushes). */
async function serveTwoOrders(options: TracingModuleOptions): Promise<void> {
  @Module({ imports: [TracingModule.forRoot({ serviceName: 'orders', ...options })], controllers: [OrdersController], providers: [OrdersService] })
  class OrdersModule {}
  const app = await NestFactory.create(OrdersModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  expect((await fetch(`${url}/orders/7`)).status).toBe(200);
  expect((await fetch(`${url}/orders/lost`)).status).toBe(500);
  await app.close();
}

const CLEAN_ENV = {
  OTEL_TRACES_EXPORTER: undefined,
  OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  OTEL_EXPORTER_OTLP_PROTOCOL: undefined,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: undefined,
  OTEL_EXPORTER_OTLP_COMPRESSION: undefined,
  OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: undefined,
  OTEL_EXPORTER_OTLP_HEADERS: undefined,
  OTEL_SERVICE_NAME: undefined,
};

type Protocol = 'http/protobuf' | 'http/json' | 'grpc';
const CASES: [Protocol, 'none' | 'gzip'][] = [
  ['http/protobuf', 'none'],
  ['http/protobuf', 'gzip'],
  ['http/json', 'none'],
  ['http/json', 'gzip'],
  ['grpc', 'none'],
  ['grpc', 'gzip'],
];

describe('OTLP export over each protocol, to a real receiver on 127.0.0.1', () => {
  let collector: OtlpCollector;
  let grpcUrl: string;
  let restoreEnv: () => void;

  beforeEach(async () => {
    restoreEnv = setEnv(CLEAN_ENV);
    collector = await OtlpCollector.start();
    grpcUrl = await collector.listenGrpc();
  });
  afterEach(async () => {
    restoreEnv();
    await collector.close();
  });

  it.each(CASES)('OTEL_EXPORTER_OTLP_PROTOCOL=%s, compression %s: the spans arrive whole', async (protocol, compression) => {
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol;
    process.env.OTEL_EXPORTER_OTLP_COMPRESSION = compression;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = protocol === 'grpc' ? grpcUrl : collector.url;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-api-key=s3cret';
    await serveTwoOrders({});

    const spans = await collector.waitForSpans((received) => received.length >= 4);
    const [received] = collector.exports;
    if (protocol === 'grpc') {
      // grpc-js strips `grpc-encoding` before the handler sees the metadata (and inflates the
      // message): over gRPC this test sees gzip'ed exports arrive, not the encoding itself.
      expect(received.path).toBe('/opentelemetry.proto.collector.trace.v1.TraceService/Export');
    } else {
      expect(received.path).toBe('/v1/traces');
      expect(received.headers['content-type']).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
      expect(received.headers['content-encoding']).toBe(compression === 'gzip' ? 'gzip' : undefined);
    }
    expect(received.headers['x-api-key']).toBe('s3cret');

    const server = spans.find((span) => span.kind === SpanKind.SERVER && span.attributes['url.path'] === '/orders/7')!;
    const find = spans.find((span) => span.name === 'OrdersService.find' && span.attributes['order.id'] === '7')!;
    expect(server.name).toBe('GET /orders/:id');
    expect(server.resource['service.name']).toBe('orders');
    expect(server.attributes['http.response.status_code']).toBe(200);
    expect(find.traceId).toBe(server.traceId);
    expect(find.parentSpanId).toBe(server.spanId);
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);

    const failed = spans.find((span) => span.name === 'OrdersService.find' && span.attributes['order.id'] === 'lost')!;
    expect(failed.status).toEqual({ code: SpanStatusCode.ERROR, message: 'order lost' });
    expect(failed.events.map((event) => [event.name, event.attributes['exception.message']])).toEqual([['exception', 'order lost']]);
  });

  it('takes the protocol and compression from code over the variables', async () => {
    process.env.OTEL_EXPORTER_OTLP_PROTOCOL = 'http/protobuf';
    await serveTwoOrders({ otlp: { protocol: 'grpc', endpoint: grpcUrl, compression: 'gzip', headers: { 'x-tenant': 'acme' } } });
    const spans = await collector.waitForSpans((received) => received.length >= 4);
    expect(collector.exports[0].path).toMatch(/TraceService\/Export$/);
    expect(collector.exports[0].headers['x-tenant']).toBe('acme');
    expect(spans.filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(2);
  });
});
