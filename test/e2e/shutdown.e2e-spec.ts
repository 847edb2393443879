import { SpanKind } from '@opentelemetry/api';
import { startChildApp, sendRequests } from '../support/child-app';
import { closedPortUrl, OtlpCollector } from '../support/otlp-collector';

/**
 * The README's app in its own process, stopped with SIGTERM as a container runtime or Ctrl+C
 * would: it must exit well before the export timeout when nothing listens at the collector's
 * port, within the export timeout when the collector never answers, and deliver every span
 * when it works. The bounds are the configured timeouts with wide margins, not speeds.
 */
const APP = 'test/fixtures/readme-app/main.ts';


async function stop(app: Awaited<ReturnType<typeof startChildApp>>) {
  const sentAt = Date.now();
  app.process.kill('SIGTERM');
  const exit = await app.exited;
  return { ...exit, afterSignal: exit.at - sentAt };
}

describe('a README app stopped with SIGTERM', () => {
  let collector: OtlpCollector | undefined;
  afterEach(async () => {
    await collector?.close();
    collector = undefined;
  });

  it('exits well before a 30 s export timeout when the collector port refuses connections, having served every request', async () => {
    const EXPORT_TIMEOUT = 30000;
    const app = await startChildApp(APP, {
      OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(),
      OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT),
    });
    const statuses = await sendRequests(200, 8, (index) => `${app.url}/orders/${index}`);
    expect(statuses).toEqual(new Map([[200, 200]]));
    const exit = await stop(app);

    expect(exit.signal).toBe('SIGTERM');
    expect(exit.afterSignal).toBeLessThan(EXPORT_TIMEOUT / 3);
    // It said where spans go, and that they could not be delivered.
    expect(app.output()).toMatch(/\[TracingModule\] tracing service "orders": exporter otlp http\/protobuf to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);
    expect(app.output()).toMatch(/WARN \[TracingModule\] span export failed .*ECONNREFUSED/);
  }, 40000);

  it('exits well before a 30 s export timeout when an export is already retrying the refused port', async () => {
    const EXPORT_TIMEOUT = 30000;
    const app = await startChildApp(APP, {
      OTEL_EXPORTER_OTLP_ENDPOINT: await closedPortUrl(),
      OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT),
      // The batch goes out at once, so that the exporter is between retries at SIGTERM.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    expect(await sendRequests(50, 4, (index) => `${app.url}/orders/${index}`)).toEqual(new Map([[200, 50]]));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const exit = await stop(app);

    expect(exit.signal).toBe('SIGTERM');
    expect(exit.afterSignal).toBeLessThan(EXPORT_TIMEOUT / 3);
    expect(app.output()).toMatch(/WARN \[TracingModule\] span export failed .*ECONNREFUSED/);
  }, 40000);

  it('exits within the export timeout when the collector accepts and never answers', async () => {
    const EXPORT_TIMEOUT = 2000;
    collector = await OtlpCollector.start('hang');
    const app = await startChildApp(APP, {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT),
    });
    expect(await sendRequests(50, 4, (index) => `${app.url}/orders/${index}`)).toEqual(new Map([[200, 50]]));
    const exit = await stop(app);

    expect(exit.signal).toBe('SIGTERM');
    expect(collector.exports.length).toBeGreaterThan(0);
    // The export timeout bounds the wait; the margin is for a loaded machine, not a speed.
    expect(exit.afterSignal).toBeLessThan(EXPORT_TIMEOUT + 10000);
  }, 40000);

  it('delivers 10,000 of 10,000 spans when the collector works', async () => {
    const REQUESTS = 1000;
    const SPANS_PER_REQUEST = 10; // the SERVER span and 9 @Traced calls
    collector = await OtlpCollector.start('accept');
    const app = await startChildApp(APP, {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // The queue holds them all, so what reaches the collector depends on the flush at SIGTERM
      // (most are still queued then: the batch delay is 5 s), not on the queue's bound.
      OTEL_BSP_MAX_QUEUE_SIZE: '10000',
    });
    const statuses = await sendRequests(REQUESTS, 8, (index) => `${app.url}/orders/${index}/lines/${SPANS_PER_REQUEST - 1}`);
    expect(statuses).toEqual(new Map([[200, REQUESTS]]));
    const exit = await stop(app);

    expect(exit.signal).toBe('SIGTERM');
    expect(collector.spans).toHaveLength(REQUESTS * SPANS_PER_REQUEST);
    const servers = collector.spans.filter((span) => span.kind === SpanKind.SERVER);
    expect(new Set(servers.map((span) => span.attributes['url.path'])).size).toBe(REQUESTS);
    expect(app.output()).not.toMatch(/span export failed/);
  }, 60000);
});
