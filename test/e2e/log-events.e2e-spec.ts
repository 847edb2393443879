import { ConsoleLogger, Controller, Get, INestApplication, Injectable, Logger, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { createLogger, format, transports } from 'winston';
import { pinoTracing, Traced, TracingModule, TracingModuleOptions, winstonTracing } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { CapturedStream, captureProcessOutput } from '../support/log-capture';
import { listenLocally } from '../support/logging-app';

const pinoLogger = pino({ ...pinoTracing() }, new CapturedStream());
const winstonLogger = createLogger({
  format: format.combine(winstonTracing(), format.json()),
  transports: [new transports.Stream({ stream: new CapturedStream() })],
});

@Injectable()
class Stock {
  private readonly logger = new Logger(Stock.name);

  @Traced()
  reserve(sku: string) {
    this.logger.log(`reserving ${sku}`);
    this.logger.error(`nest: ${sku} is out of stock`);
    pinoLogger.error({ sku }, `pino: ${sku} is out of stock`);
    winstonLogger.error(`winston: ${sku} is out of stock`);
    return { sku, reserved: false };
  }
}

@Controller('stock')
class StockController {
  constructor(private readonly stock: Stock) {}

  @Get(':sku')
  get(@Param('sku') sku: string) {
    return this.stock.reserve(sku);
  }
}

async function startStockApp(options: TracingModuleOptions): Promise<{ app: INestApplication; url: string }> {
  @Module({
    imports: [TracingModule.forRoot({ serviceName: 'inventory', ...options })],
    controllers: [StockController],
    providers: [Stock],
  })
  class StockModule {}
  const app = await NestFactory.create(StockModule, { logger: new ConsoleLogger({ colors: false }) });
  return { app, url: await listenLocally(app) };
}

describe('log lines in the trace', () => {
  let output: ReturnType<typeof captureProcessOutput>;
  beforeEach(() => (output = captureProcessOutput()));
  afterEach(() => output.restore());

  it.each([
    ['off by default', undefined, []],
    ['with logs.spanEvents, error lines of every logger become log events', { spanEvents: true }, ['nest', 'pino', 'winston']],
  ])('%s', async (_title, logs, loggers) => {
    const exporter = new TestSpanExporter();
    const { app, url } = await startStockApp({ exporter, logs });
    try {
      expect((await fetch(`${url}/stock/sku-1`)).status).toBe(200);
      const span = await exporter.waitFor('Stock.reserve');
      expect(span.events.map((event) => [event.name, event.attributes])).toEqual(
        loggers.map((logger) => [
          'log',
          expect.objectContaining({ 'log.severity': 'ERROR', 'log.message': `${logger}: sku-1 is out of stock` }),
        ]),
      );
      // Nest's logger also says where the line came from.
      if (loggers.length) expect(span.events[0].attributes).toMatchObject({ 'log.context': 'Stock' });
    } finally {
      await app.close();
    }
  });

  it('the console tree prints the lines at their place with console.logs, and none without', async () => {
    for (const logs of [true, false]) {
      const tree = new CapturedStream();
      const { app, url } = await startStockApp({ exporter: 'console', console: { logs, write: (text) => tree.write(text) } });
      try {
        expect((await fetch(`${url}/stock/sku-${logs}`)).status).toBe(200);
      } finally {
        await app.close();
      }
      const text = tree.chunks.join('');
      expect(text).toContain('Stock.reserve');
      if (!logs) {
        expect(text).not.toContain('log:');
        continue;
      }
      const lines = text.split('\n');
      const spanLine = lines.findIndex((line) => line.includes('Stock.reserve'));
      expect(lines.slice(spanLine + 1, spanLine + 5).map((line) => line.replace(/^[│ ]*[├└]── /, ''))).toEqual([
        `log: reserving sku-${logs}`,
        `log: ERROR nest: sku-${logs} is out of stock`,
        `log: ERROR pino: sku-${logs} is out of stock`,
        `log: ERROR winston: sku-${logs} is out of stock`,
      ]);
    }
  });
});
