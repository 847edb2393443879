import { Controller, Get, INestApplication, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BullModule, InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Job, Queue } from 'bullmq';
import { bullMqTelemetry, SpanAttribute, Traced, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { requireBroker } from '../support/brokers';

const QUEUE = `nestjs-tracing-${Math.random().toString(36).slice(2, 8)}`;
const connection = { host: '127.0.0.1', port: 6379 };

@Injectable()
class Mailer {
  @Traced()
  async confirm(@SpanAttribute('order.id') orderId: string) {
    if (orderId === 'bad') throw new Error('mailbox full');
    return { sent: orderId };
  }
}

@Processor(QUEUE)
class ConfirmationsProcessor extends WorkerHost {
  constructor(private readonly mailer: Mailer) {
    super();
  }

  process(job: Job<{ orderId: string }>) {
    return this.mailer.confirm(job.data.orderId);
  }
}

@Controller()
class OrdersController {
  constructor(@InjectQueue(QUEUE) private readonly queue: Queue) {}

  @Get('orders/:id/confirm')
  async confirm(@Param('id') id: string) {
    const job = await this.queue.add('confirm', { orderId: id }, { attempts: 1, removeOnComplete: true, removeOnFail: true });
    return { job: job.id };
  }
}

describe('BullMQ jobs (real Redis) through BullMQ\'s telemetry interface', () => {
  const exporter = new TestSpanExporter();
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    await requireBroker('Redis');
    @Module({
      imports: [
        TracingModule.forRoot({ serviceName: 'orders', exporter }),
        BullModule.forRoot({ connection, telemetry: bullMqTelemetry() }),
        BullModule.registerQueue({ name: QUEUE }),
      ],
      controllers: [OrdersController],
      providers: [Mailer, ConfirmationsProcessor],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    const queue = new Queue(QUEUE, { connection });
    await queue.obliterate({ force: true });
    await queue.close();
    await app?.close();
  });

  beforeEach(() => exporter.reset());

  it('runs a job added in a traced HTTP request in a CONSUMER span that is a child of the PRODUCER span', async () => {
    const response = await fetch(`${url}/orders/o-1/confirm`);
    expect(response.status).toBe(200);
    const consumer = await exporter.waitFor(`process ${QUEUE}`);
    const producer = exporter.find(`add ${QUEUE}.confirm`)!;
    const http = await exporter.waitFor('GET /orders/:id/confirm');
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer.spanContext().traceId).toBe(http.spanContext().traceId);
    expect(consumer.attributes).toMatchObject({
      'messaging.system': 'bullmq',
      'messaging.destination.name': QUEUE,
      'messaging.operation.type': 'process',
      'bullmq.job.name': 'confirm',
      'bullmq.job.id': ((await response.json()) as { job: string }).job,
      'bullmq.job.attempts.made': 1,
    });
    const confirm = await exporter.waitFor('Mailer.confirm');
    expect(confirm.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    // The job's return value is the app's data: never recorded.
    const recorded = JSON.stringify([consumer.attributes, consumer.events]);
    expect(recorded).not.toContain('o-1');
    expect(consumer.status.code).not.toBe(SpanStatusCode.ERROR);
    // Polling for jobs is not traced: no span but these three (and the HTTP one) in the run.
    expect(exporter.spanNames.sort()).toEqual(['GET /orders/:id/confirm', 'Mailer.confirm', `add ${QUEUE}.confirm`, `process ${QUEUE}`].sort());
  });

  it('marks a failed attempt ERROR with BullMQ\'s reason', async () => {
    await fetch(`${url}/orders/bad/confirm`);
    const consumer = await exporter.waitFor(`process ${QUEUE}`);
    expect(consumer.status).toEqual({ code: SpanStatusCode.ERROR, message: 'mailbox full' });
    expect(consumer.events.map((event) => event.name)).toContain('job failed');
  });

  it('starts a new trace for a job from a producer without telemetry, and for malformed job metadata', async () => {
    const plain = new Queue(QUEUE, { connection });
    try {
      await plain.add('confirm', { orderId: 'plain' }, { removeOnComplete: true });
      await plain.add('confirm', { orderId: 'malformed' }, { removeOnComplete: true, telemetry: { metadata: '{not json' } });
      await exporter.waitForCount(4); // two CONSUMER spans and their Mailer.confirm
      const consumers = exporter.findAll(`process ${QUEUE}`);
      expect(consumers).toHaveLength(2);
      for (const consumer of consumers) {
        expect(consumer.parentSpanContext).toBeUndefined();
        expect(consumer.status.code).not.toBe(SpanStatusCode.ERROR);
      }
      expect(exporter.findAll('Mailer.confirm').map((span) => span.attributes['order.id']).sort()).toEqual(['malformed', 'plain']);
    } finally {
      await plain.close();
    }
  });
});
