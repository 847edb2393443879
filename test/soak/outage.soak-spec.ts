import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import type { AddressInfo } from 'node:net';
import { TracingModule } from 'nestjs-tracing';
import { sendRequests, startChildApp } from '../support/child-app';
import { CollectorMode, OtlpCollector } from '../support/otlp-collector';
import { heapUsedAfterGc as heapUsed } from '../support/heap';
import { setEnv } from '../support/scoped-env';


@Controller('orders')
class OrdersController {
  @Get(':id')
  find(@Param('id') id: string) {
    return { id };
  }
}

/** How long each outage lasts, under steady traffic (SOAK_OUTAGE_SECONDS). */
const OUTAGE_MILLIS = Number(process.env.SOAK_OUTAGE_SECONDS ?? 60) * 1000;

describe('a long collector outage under traffic', () => {
  it.each<CollectorMode>(['unavailable', 'hang'])('collector %s: every request served, memory bounded, export resumes after', async (mode) => {
    const collector = await OtlpCollector.start(mode);
    const restore = setEnv({ OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_TRACES_EXPORTER: undefined });
    @Module({ imports: [TracingModule.forRoot({ serviceName: 'orders', otlp: { endpoint: collector.url, timeoutMillis: 1000 }, quiet: true })], controllers: [OrdersController] })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    try {
      let sent = 0;
      let baseline = 0;
      const end = Date.now() + OUTAGE_MILLIS;
      while (Date.now() < end) {
        const statuses = await sendRequests(2000, 16, (index) => `${url}/orders/${sent + index}`);
        expect(statuses).toEqual(new Map([[200, 2000]]));
        sent += 2000;
        if (baseline === 0) baseline = heapUsed();
      }
      // The batch processor's queue is bounded (2048 spans): what cannot be exported is dropped.
      expect(heapUsed() - baseline).toBeLessThan(48 * 1024 * 1024);

      collector.mode = 'accept';
      await sendRequests(10, 2, (index) => `${url}/orders/after-${index}`);
      await collector.waitForSpans((spans) => spans.some((span) => span.kind === SpanKind.SERVER && span.attributes['url.path'] === '/orders/after-9'), 20000);
    } finally {
      await app.close();
      restore();
      await collector.close();
    }
  });
});

describe('SIGTERM after 10,000 requests', () => {
  it('delivers every SERVER span of 10,000 requests', async () => {
    const collector = await OtlpCollector.start('accept');
    const app = await startChildApp('test/fixtures/readme-app/main.ts', { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });
    try {
      expect(await sendRequests(10000, 16, (index) => `${app.url}/orders/${index}`)).toEqual(new Map([[200, 10000]]));
      app.process.kill('SIGTERM');
      expect((await app.exited).signal).toBe('SIGTERM');
      expect(collector.spans.filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(10000);
    } finally {
      await collector.close();
    }
  });
});
