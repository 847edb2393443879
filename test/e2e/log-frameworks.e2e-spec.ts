import { Module, ModuleMetadata, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';
import { WinstonModule } from 'nest-winston';
import { format, transports } from 'winston';
import { pinoTracing, TracingModule, winstonTracing } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { CapturedStream } from '../support/log-capture';
import { listenLocally, Payments, PaymentsController } from '../support/logging-app';


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
      expect((await fetch(`${await listenLocally(app)}/payments/n1`)).status).toBe(200);
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
      expect((await fetch(`${await listenLocally(app)}/payments/w1`)).status).toBe(200);
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
