import { Controller, Get, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { TracingModule, TracingModuleOptions } from 'nestjs-tracing';
import { OtlpCollector } from '../support/otlp-collector';
import { setEnv } from '../support/scoped-env';

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return 'pong';
  }
}

/** Nest's logger, recording what the `TracingModule` context says. */
class RecordingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  private record(level: string, message: unknown, context?: unknown): void {
    if (context === 'TracingModule') this.lines.push({ level, message: String(message) });
  }
  log(message: unknown, context?: unknown) {
    this.record('log', message, context);
  }
  warn(message: unknown, context?: unknown) {
    this.record('warn', message, context);
  }
  error(message: unknown, context?: unknown) {
    this.record('error', message, context);
  }
}

/** Sends a request every 30 ms (each one a batch to export) until `condition` holds. */
async function requestUntil(url: string, condition: () => boolean, timeoutMillis = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    expect((await fetch(url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

describe("status lines through Nest's logger", () => {
  let collector: OtlpCollector;
  let restoreEnv: () => void;
  beforeEach(async () => {
    collector = await OtlpCollector.start();
    restoreEnv = setEnv({ OTEL_BSP_SCHEDULE_DELAY: '20', OTEL_TRACES_EXPORTER: undefined, OTEL_SERVICE_NAME: undefined });
  });
  afterEach(async () => {
    restoreEnv();
    await collector.close();
  });

  async function start(options: TracingModuleOptions) {
    @Module({ imports: [TracingModule.forRoot({ serviceName: 'orders', ...options })], controllers: [PingController] })
    class AppModule {}
    const logger = new RecordingLogger();
    const app = await NestFactory.create(AppModule, { logger });
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/ping`;
    return { app, url, lines: logger.lines };
  }

  it('says once at startup where spans go, and warns once per outage when exports fail', async () => {
    const { app, url, lines } = await start({ otlp: { endpoint: collector.url, timeoutMillis: 500 }, sampler: { ratio: 0.5 } });
    try {
      expect(lines).toEqual([
        {
          level: 'log',
          message: `tracing service "orders": exporter otlp http/protobuf to ${collector.url}/v1/traces, sampler ParentBased{root=TraceIdRatioBased{0.5}}`,
        },
      ]);
      const warnings = () => lines.filter((line) => line.level === 'warn');
      collector.mode = 'unavailable';
      await requestUntil(url, () => collector.exports.length >= 3 && warnings().length > 0);
      // Three failed batches, one warning.
      expect(warnings()).toHaveLength(1);
      expect(warnings()[0].message).toMatch(/^span export failed \(.*\); \d+ span\(s\) dropped/);

      collector.mode = 'accept';
      await requestUntil(url, () => lines.some((line) => /^span export recovered after \d+ failed batch/.test(line.message)));
      // A new outage is told again.
      collector.mode = 'unavailable';
      await requestUntil(url, () => warnings().length === 2);
    } finally {
      collector.mode = 'accept';
      await app.close();
    }
  });

  it('says nothing with quiet: true', async () => {
    collector.mode = 'unavailable';
    const { app, url, lines } = await start({ otlp: { endpoint: collector.url, timeoutMillis: 300 }, quiet: true });
    await fetch(url);
    await collector.waitForExports(1);
    await app.close();
    expect(lines).toEqual([]);
  });

  it('names the exporter when it is not OTLP', async () => {
    const { app, lines } = await start({ exporter: 'none' });
    await app.close();
    expect(lines.map((line) => line.message)).toEqual(['tracing service "orders": exporter none (spans are not exported), sampler ParentBased{root=TraceIdRatioBased{1}}']);
  });
});
