import { Controller, Get, INestApplication, Injectable, Logger, Module, ModuleMetadata, Param, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';
import { WinstonModule } from 'nest-winston';
import { format, transports } from 'winston';
import { pinoTracing, Traced, TracingModule, winstonTracing } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { CapturedStream } from '../support/log-capture';

/** Logs with Nest's own `Logger`: the framework module behind it is the app's logger. */
@Injectable()
class Payments {
  private readonly logger = new Logger(Payments.name);

  @Traced()
  charge(id: string) {
    this.logger.log(`charging ${id}`);
    return { id, charged: true };
  }
}

@Controller('payments')
class PaymentsController {
  constructor(private readonly payments: Payments) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.payments.charge(id);
  }
}

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
}

function moduleWith(exporter: TestSpanExporter, imports: NonNullable<ModuleMetadata['imports']> = []): Type {
  @Module({
    imports: [TracingModule.forRoot({ serviceName: 'payments', exporter }), ...imports],
    controllers: [PaymentsController],
    providers: [Payments],
  })
  class PaymentsModule {}
  return PaymentsModule;
}

describe('nestjs-pino and nest-winston as the app logger, as the README sets them up', () => {
  it('nestjs-pino: the service line carries the @Traced span, the request line the SERVER span', async () => {
    const out = new CapturedStream();
    const exporter = new TestSpanExporter();
    const AppModule = moduleWith(exporter, [LoggerModule.forRoot({ pinoHttp: [{ ...pinoTracing() }, out] })]);
    const app = await NestFactory.create(AppModule, { bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    try {
      expect((await fetch(`${await listen(app)}/payments/n1`)).status).toBe(200);
      const traced = await exporter.waitFor('Payments.charge');
      const server = await exporter.waitFor((span) => span.kind === SpanKind.SERVER);

      const [serviceLine] = out.jsonWith('charging n1');
      expect(serviceLine).toMatchObject({ msg: 'charging n1', context: 'Payments' });
      expect(serviceLine).toMatchObject({ trace_id: traced.spanContext().traceId, span_id: traced.spanContext().spanId, trace_flags: '01' });
      const [requestLine] = out.jsonWith('request completed');
      expect(requestLine).toMatchObject({ trace_id: server.spanContext().traceId, span_id: server.spanContext().spanId });
      expect(out.jsonWith('Nest application successfully started')[0]).not.toHaveProperty('trace_id');
    } finally {
      await app.close();
    }
  });

  it('nest-winston: the service line carries the @Traced span', async () => {
    const out = new CapturedStream();
    const exporter = new TestSpanExporter();
    const logger = WinstonModule.createLogger({
      format: format.combine(winstonTracing(), format.json()),
      transports: [new transports.Stream({ stream: out })],
    });
    const app = await NestFactory.create(moduleWith(exporter), { logger });
    try {
      expect((await fetch(`${await listen(app)}/payments/w1`)).status).toBe(200);
      const traced = await exporter.waitFor('Payments.charge');

      const [serviceLine] = out.jsonWith('charging w1');
      expect(serviceLine).toMatchObject({ message: 'charging w1', context: 'Payments' });
      expect(serviceLine).toMatchObject({ trace_id: traced.spanContext().traceId, span_id: traced.spanContext().spanId, trace_flags: '01' });
      expect(out.jsonWith('Nest application successfully started')[0]).not.toHaveProperty('trace_id');
    } finally {
      await app.close();
    }
  });
});
