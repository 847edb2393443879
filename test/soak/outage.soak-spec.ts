import { SpanKind } from '@opentelemetry/api';
import { sendRequests, startChildApp } from '../support/child-app';
import { CollectorMode, OtlpCollector } from '../support/otlp-collector';
import { runOutage } from '../support/outage';

/** How long each outage lasts, under steady traffic (SOAK_OUTAGE_SECONDS). */
const OUTAGE_MILLIS = Number(process.env.SOAK_OUTAGE_SECONDS ?? 60) * 1000;

describe('a long collector outage under traffic', () => {
  it.each<CollectorMode>(['unavailable', 'hang'])('collector %s: every request served, memory bounded, export resumes after', async (mode) => {
    const run = await runOutage(mode, OUTAGE_MILLIS, 2000);
    expect(run.statuses).toEqual(new Map([[200, run.requests]]));
    // The batch processor's queue is bounded (2048 spans): what cannot be exported is dropped.
    expect(run.heapGrowth).toBeLessThan(48 * 1024 * 1024);
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
