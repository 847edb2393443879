import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import { LoggerModule, Logger as PinoNestLogger } from 'nestjs-pino';
import { pinoTracing, TracingModule } from 'nestjs-tracing';
import { CapturedStream, captureProcessOutput } from '../support/log-capture';
import { listenLocally, Payments, PaymentsController } from '../support/logging-app';
import { OtlpCollector } from '../support/otlp-collector';
import { setEnv } from '../support/scoped-env';


describe('logs and spans at one real OTLP/HTTP collector', () => {
  let collector: OtlpCollector;
  let restoreEnv: () => void;

  beforeEach(async () => {
    collector = await OtlpCollector.start();
    restoreEnv = setEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_TRACES_EXPORTER: undefined,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: undefined,
      OTEL_LOGS_EXPORTER: undefined,
      OTEL_SERVICE_NAME: undefined,
    });
  });
  afterEach(async () => {
    restoreEnv();
    await collector.close();
  });

  it('with logs.otlp, every line goes out as a log record carrying the ids of the span it was written in', async () => {
    @Module({
      imports: [TracingModule.forRoot({ serviceName: 'payments', logs: { otlp: true } })],
      controllers: [PaymentsController],
      providers: [Payments],
    })
    class AppModule {}
    const output = captureProcessOutput();
    try {
      const app = await NestFactory.create(AppModule);
      const response = await fetch(`${await listenLocally(app)}/payments/o1`);
      expect(response.status).toBe(200);
      await app.close();
    } finally {
      output.restore();
    }

    const spans = await collector.waitForSpans((received) => received.some((span) => span.name === 'Payments.charge'));
    const logs = await collector.waitForLogs((received) => received.some((record) => record.body === 'charging o1'));
    const traced = spans.find((span) => span.name === 'Payments.charge')!;
    expect(logs.find((record) => record.body === 'charging o1')).toMatchObject({
      resource: expect.objectContaining({ 'service.name': 'payments' }),
      severityNumber: 9,
      severityText: 'INFO',
      attributes: { 'log.context': 'Payments' },
      traceId: traced.traceId,
      spanId: traced.spanId,
      flags: 1,
    });
    // Written at start-up, outside any span: a record without trace context.
    expect(logs.find((record) => record.body === 'Nest application successfully started')).toMatchObject({ traceId: '', spanId: '' });
    expect(collector.exports.filter((received) => received.logs.length > 0).map((received) => received.path)).toContain('/v1/logs');
  });

  it('the README app with nestjs-pino: its request log line has the trace id of the SERVER span at the collector', async () => {
    const out = new CapturedStream();
    @Module({
      imports: [
        TracingModule.forRoot({ serviceName: 'payments' }),
        LoggerModule.forRoot({ pinoHttp: [{ ...pinoTracing() }, out] }),
      ],
      controllers: [PaymentsController],
      providers: [Payments],
    })
    class AppModule {}
    const app = await NestFactory.create(AppModule, { bufferLogs: true });
    app.useLogger(app.get(PinoNestLogger));
    const response = await fetch(`${await listenLocally(app)}/payments/r1`);
    expect(response.status).toBe(200);
    await app.close();

    const spans = await collector.waitForSpans((received) => received.some((span) => span.kind === SpanKind.SERVER));
    const server = spans.find((span) => span.kind === SpanKind.SERVER)!;
    const [requestLine] = out.jsonWith('request completed');
    expect(requestLine).toMatchObject({ req: expect.objectContaining({ url: '/payments/r1' }), trace_id: server.traceId, span_id: server.spanId });
    expect(collector.logs).toEqual([]); // OTLP logs stay off unless asked for
  });
});
