import { ConsoleLogger, Controller, Get, INestApplication, Injectable, Logger, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { createLogger, format, transports } from 'winston';
import { pinoTracing, Traced, TracingModule, TracingModuleOptions, winstonTracing } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { CapturedStream, captureProcessOutput } from '../support/log-capture';
import { listenLocally } from '../support/logging-app';

/** Each logger the issue names, writing to a stream the test reads. */
const pinoOut = new CapturedStream();
const winstonOut = new CapturedStream();
const pinoLogger = pino({ ...pinoTracing(), base: undefined }, pinoOut);
const winstonLogger = createLogger({
  format: format.combine(winstonTracing(), format.json()),
  transports: [new transports.Stream({ stream: winstonOut })],
});

@Injectable()
class Orders {
  private readonly text = new Logger('Orders');
  private readonly json = new ConsoleLogger('Orders', { json: true });

  @Traced()
  place(id: string) {
    this.text.log(`placing order ${id}`);
    this.json.log(`placing order ${id}`);
    pinoLogger.info({ order: id }, `placing order ${id}`);
    winstonLogger.info(`placing order ${id}`);
    return { id };
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly orders: Orders) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.orders.place(id);
  }
}

async function startOrdersApp(logs?: TracingModuleOptions['logs']) {
  const exporter = new TestSpanExporter();
  @Module({
    imports: [TracingModule.forRoot({ serviceName: 'orders', exporter, logs })],
    controllers: [OrdersController],
    providers: [Orders],
  })
  class OrdersModule {}
  const app: INestApplication = await NestFactory.create(OrdersModule, { logger: new ConsoleLogger({ colors: false }) });
  return { app, url: await listenLocally(app), exporter };
}

/** The ids a line must carry: the @Traced span's, the one active when the line was written. */
function idsOf(span: ReadableSpan) {
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId, trace_flags: '01' };
}

describe('log lines written inside a span carry its trace and span ids (real loggers, real requests)', () => {
  let output: ReturnType<typeof captureProcessOutput>;
  let running: Awaited<ReturnType<typeof startOrdersApp>>;

  beforeAll(async () => {
    output = captureProcessOutput();
    running = await startOrdersApp();
  });
  afterAll(async () => {
    await running.app.close();
    output.restore();
  });

  async function placeOrder(id: string): Promise<ReadableSpan> {
    const response = await fetch(`${running.url}/orders/${id}`);
    expect(response.status).toBe(200);
    const span = await running.exporter.waitFor('Orders.place');
    running.exporter.reset();
    return span;
  }

  it("Nest's Logger in text form: a ` trace_id=... span_id=...` suffix on the line", async () => {
    const ids = idsOf(await placeOrder('t1'));
    const [line] = output.linesWith('placing order t1').filter((text) => !text.startsWith('{'));
    expect(line).toMatch(/\[Orders\] placing order t1/);
    expect(line.endsWith(` trace_id=${ids.trace_id} span_id=${ids.span_id}`)).toBe(true);
  });

  it("Nest's ConsoleLogger in JSON mode: trace_id, span_id and trace_flags fields", async () => {
    const ids = idsOf(await placeOrder('j1'));
    const [entry] = output.jsonWith('placing order j1');
    expect(entry).toMatchObject({ level: 'log', context: 'Orders', message: 'placing order j1', ...ids });
  });

  it('pino with pinoTracing(): the fields on the line', async () => {
    const ids = idsOf(await placeOrder('p1'));
    expect(pinoOut.jsonWith('placing order p1')).toEqual([expect.objectContaining({ msg: 'placing order p1', order: 'p1', ...ids })]);
  });

  it('winston with winstonTracing(): the fields on the entry', async () => {
    const ids = idsOf(await placeOrder('w1'));
    expect(winstonOut.jsonWith('placing order w1')).toEqual([expect.objectContaining({ message: 'placing order w1', ...ids })]);
  });

  it('lines outside any span are unchanged', () => {
    new Logger('Outside').log('no request here');
    new ConsoleLogger('Outside', { json: true }).log('no request here either');
    pinoLogger.info('pino outside');
    winstonLogger.info('winston outside');
    expect(output.linesWith('no request here')[0]).toMatch(/\[Outside\] no request here$/);
    expect(output.jsonWith('no request here either')[0]).not.toHaveProperty('trace_id');
    expect(pinoOut.jsonWith('pino outside')[0]).not.toHaveProperty('trace_id');
    expect(winstonOut.jsonWith('winston outside')[0]).not.toHaveProperty('trace_id');
    // Nest's own start-up lines were written outside any span too.
    expect(output.linesWith('Nest application successfully started')[0]).not.toContain('trace_id');
  });
});

describe('log correlation switched off, and undone when the app closes', () => {
  it('with logs.correlation false no line carries ids; after app.close() Nest\'s logger is its own again', async () => {
    const originalFormat = ConsoleLogger.prototype['formatMessage' as keyof ConsoleLogger];
    const output = captureProcessOutput();
    try {
      const off = await startOrdersApp({ correlation: false });
      try {
        expect((await fetch(`${off.url}/orders/off1`)).status).toBe(200);
        await off.exporter.waitFor('Orders.place');
      } finally {
        await off.app.close();
      }
      expect(output.linesWith('placing order off1').join('\n')).not.toContain('trace_id');
      expect(pinoOut.jsonWith('placing order off1')[0]).not.toHaveProperty('trace_id');
      expect(winstonOut.jsonWith('placing order off1')[0]).not.toHaveProperty('trace_id');

      const on = await startOrdersApp();
      expect(ConsoleLogger.prototype['formatMessage' as keyof ConsoleLogger]).not.toBe(originalFormat);
      await on.app.close();
      expect(ConsoleLogger.prototype['formatMessage' as keyof ConsoleLogger]).toBe(originalFormat);
    } finally {
      output.restore();
    }
  });
});
