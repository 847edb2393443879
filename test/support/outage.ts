import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import type { AddressInfo } from 'node:net';
import { TracingModule } from 'nestjs-tracing';
import { sendRequests } from './child-app';
import { heapUsedAfterGc } from './heap';
import { CollectorMode, OtlpCollector } from './otlp-collector';
import { setEnv } from './scoped-env';

@Controller('orders')
class OrdersController {
  @Get(':id')
  find(@Param('id') id: string) {
    return { id };
  }
}

export interface OutageRun {
  requests: number;
  /** Statuses of every request sent during the outage. */
  statuses: Map<number, number>;
  /** Heap growth from after the first round to the end of the outage, after a full GC. */
  heapGrowth: number;
}

/**
 * Serves rounds of `round` requests for `millis` while the collector is `mode`, then brings the
 * collector back and waits until a span of a later request arrives (throws if it never does).
 */
export async function runOutage(mode: CollectorMode, millis: number, round = 1000): Promise<OutageRun> {
  const collector = await OtlpCollector.start(mode);
  const restore = setEnv({ OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_TRACES_EXPORTER: undefined });
  @Module({
    imports: [TracingModule.forRoot({ serviceName: 'orders', otlp: { endpoint: collector.url, timeoutMillis: 500 }, quiet: true })],
    controllers: [OrdersController],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  try {
    const statuses = new Map<number, number>();
    let requests = 0;
    let baseline = 0;
    const end = Date.now() + millis;
    do {
      for (const [status, count] of await sendRequests(round, 16, (index) => `${url}/orders/${requests + index}`)) {
        statuses.set(status, (statuses.get(status) ?? 0) + count);
      }
      requests += round;
      if (baseline === 0) baseline = heapUsedAfterGc();
    } while (Date.now() < end);
    const heapGrowth = heapUsedAfterGc() - baseline;

    collector.mode = 'accept';
    const isAfter = (path: unknown) => typeof path === 'string' && path.startsWith('/orders/after-');
    for (let attempt = 0; !collector.spans.some((span) => span.kind === SpanKind.SERVER && isAfter(span.attributes['url.path'])); attempt += 1) {
      if (attempt > 100) throw new Error('export did not resume after the collector came back');
      await sendRequests(1, 1, () => `${url}/orders/after-${attempt}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { requests, statuses, heapGrowth };
  } finally {
    await app.close();
    restore();
    await collector.close();
  }
}
