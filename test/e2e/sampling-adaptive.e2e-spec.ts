import { Controller, Get } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { TraceService } from 'nestjs-tracing';
import { RunningApp, startApp } from '../support/http-apps';
import { keepConnectionsOpen, sendRequests } from '../support/request-load';

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return 'pong';
  }
}

const CAP = 20;
const WARM_UP = 1000;
/** Load is sent in batches until this long has passed, so several windows follow the first. */
const LOAD_MILLIS = 6000;
const BATCH = 500;

describe('the adaptive sampler capped at 20 new traces per second, under load', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp('express', { controllers: [PingController] }, { sampler: { maxPerSecond: CAP } });
    keepConnectionsOpen(running.app.getHttpServer());
  });
  afterAll(() => running.app.close());

  it('exports about 20 root traces per second (±25 %) after the first window, whatever rate the machine sends at', async () => {
    // Until the JIT has compiled the request path the rate keeps climbing, and a sampler that
    // measures the last window runs behind a climbing rate.
    await sendRequests(WARM_UP, 16, () => `${running.url}/ping`);
    const started = Date.now();
    let requests = 0;
    while (Date.now() - started < LOAD_MILLIS) {
      await sendRequests(BATCH, 16, () => `${running.url}/ping`);
      requests += BATCH;
    }
    const ended = Date.now();
    const stats = running.app.get(TraceService).samplingStats!;
    expect(stats.sampled + stats.dropped).toBe(WARM_UP + requests);

    const firstWindowEnd = started + 1000;
    const seconds = (ended - firstWindowEnd) / 1000;
    const roots = running.exporter.spans.filter((span) => span.kind === SpanKind.SERVER && span.parentSpanContext === undefined);
    expect(roots).toHaveLength(stats.sampled);
    const keptAfterFirstWindow = roots.filter((span) => hrTimeToMilliseconds(span.startTime) >= firstWindowEnd).length;
    // The cap times the time measured; fewer only if the machine sent fewer requests than that.
    const sentAfterFirstWindow = requests * (seconds / ((ended - started) / 1000));
    const expected = Math.min(CAP * seconds, sentAfterFirstWindow);
    expect(keptAfterFirstWindow).toBeGreaterThanOrEqual(0.75 * expected);
    expect(keptAfterFirstWindow).toBeLessThanOrEqual(1.25 * expected);
  }, 90_000);
});
