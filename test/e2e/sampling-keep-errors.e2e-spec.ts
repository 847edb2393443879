import { Controller, Get, Injectable, InternalServerErrorException, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_SAMPLING_KEPT, SamplingStats, SpanAttribute, Traced, TraceService, TracingModule } from 'nestjs-tracing';
import { CollectedSpan, OtlpCollector } from '../support/otlp-collector';
import { keepConnectionsOpen, sendRequests } from '../support/request-load';
import { setEnv } from '../support/scoped-env';

// The README's sampling example: 1 % of traces, and every trace that fails.
@Injectable()
class OrdersRepository {
  @Traced('OrdersRepository.load')
  async load(@SpanAttribute('order.id') id: string) {
    if (Number(id) % 40 === 0) throw new Error(`order ${id} is corrupt`);
    return { id, total: 42 };
  }
}

@Injectable()
class OrdersService {
  constructor(
    private readonly repository: OrdersRepository,
    private readonly trace: TraceService,
  ) {}

  @Traced('OrdersService.find')
  async find(id: string) {
    this.trace.addEvent('lookup');
    try {
      return await this.repository.load(id);
    } catch {
      throw new InternalServerErrorException('order unavailable');
    }
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

@Module({
  imports: [TracingModule.forRoot({ serviceName: 'orders', sampler: { ratio: 0.01, keep: { errors: true } } })],
  controllers: [OrdersController],
  providers: [OrdersService, OrdersRepository],
})
class AppModule {}

function byTrace(spans: CollectedSpan[]): Map<string, CollectedSpan[]> {
  const traces = new Map<string, CollectedSpan[]>();
  for (const span of spans) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  return traces;
}

describe('1 % sampling that keeps every failed trace, exported over OTLP', () => {
  let collector: OtlpCollector;
  let restoreEnv: () => void;

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    restoreEnv = setEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_TRACES_EXPORTER: undefined,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_TRACES_SAMPLER: undefined,
      OTEL_TRACES_SAMPLER_ARG: undefined,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });
  afterAll(async () => {
    restoreEnv();
    await collector.close();
  });

  it('exports all 50 failed traces of 2 000 requests whole, and about 1 % of the others', async () => {
    const app = await NestFactory.create(AppModule, { logger: false });
    let statuses: number[];
    let stats: SamplingStats;
    try {
      await app.listen(0, '127.0.0.1');
      keepConnectionsOpen(app.getHttpServer());
      const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
      statuses = await sendRequests(2000, 16, (i) => `${url}/orders/${i + 1}`);
      stats = app.get(TraceService).samplingStats!;
    } finally {
      await app.close(); // flushes
    }
    expect(statuses.filter((status) => status === 500)).toHaveLength(50);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1950);

    const traces = [...byTrace(collector.spans).values()];
    const serverOf = (spans: CollectedSpan[]) => spans.find((span) => span.kind === SpanKind.SERVER)!;
    const failed = traces.filter((spans) => serverOf(spans).attributes['http.response.status_code'] === 500);
    expect(failed).toHaveLength(50);
    for (const spans of failed) {
      const server = serverOf(spans);
      expect(server.status.code).toBe(SpanStatusCode.ERROR);
      expect(server.parentSpanId).toBeUndefined();
      expect(server.name).toBe('GET /orders/:id');
      expect(server.attributes).toMatchObject({ 'http.request.method': 'GET', 'http.route': '/orders/:id' });
      expect(server.attributes['url.path']).toMatch(/^\/orders\/\d+$/);
      const service = spans.find((span) => span.name === 'OrdersService.find')!;
      const repository = spans.find((span) => span.name === 'OrdersRepository.load')!;
      expect(service.parentSpanId).toBe(server.spanId);
      expect(repository.parentSpanId).toBe(service.spanId);
      expect(repository.status.code).toBe(SpanStatusCode.ERROR);
      expect(service.events.map((event) => event.name)).toContain('lookup');
      expect(spans).toHaveLength(3);
    }
    // Kept after the fact, unless the head sampler had kept it already (1 % of them).
    const keptAfter = failed.filter((spans) => spans.every((span) => span.attributes[ATTR_SAMPLING_KEPT] === 'error'));
    expect(keptAfter.length + failed.filter((spans) => spans.every((span) => !(ATTR_SAMPLING_KEPT in span.attributes))).length).toBe(50);
    expect(stats.keptError).toBe(keptAfter.length);

    const ok = traces.filter((spans) => serverOf(spans).attributes['http.response.status_code'] === 200);
    // 1 % of 1 950 is 19.5; a share of 0.2 % to 2.5 % is "near 1 %" for a random draw this size.
    expect(ok.length).toBeGreaterThanOrEqual(4);
    expect(ok.length).toBeLessThanOrEqual(49);
    for (const spans of ok) expect(spans.every((span) => !(ATTR_SAMPLING_KEPT in span.attributes))).toBe(true);
    expect(stats.sampled + stats.dropped).toBe(2000);
    expect(stats.sampled).toBe(ok.length + (50 - keptAfter.length));
  }, 120_000);
});
