import { CanActivate, Controller, Get, Inject, INestApplication, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, ClientProxyFactory, ClientsModule, EventPattern, MessagePattern, MicroserviceOptions, Payload, RpcException } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { catchError, concatMap, interval, lastValueFrom, of, take, toArray } from 'rxjs';
import { TraceService, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { requireBroker } from '../support/brokers';
import { freePort } from '../support/grpc-apps';
import { mqttSetup, natsSetup, redisSetup, rmqSetup, runPattern, tcpSetup, TransportSetup } from '../support/message-peers';
import { Ledger } from '../support/traced-ledger';

const SUM = runPattern('sum');
const COUNT = runPattern('count');
const FAIL = runPattern('fail');
const REFUSED = runPattern('refused');
const PLACED = runPattern('placed');
const SERVICE = 'ORDERS_SERVICE';

/** What the event handler received, as its `@Payload()`. */
const received: unknown[] = [];

class RefuseAll implements CanActivate {
  canActivate(): boolean {
    throw new RpcException('not allowed');
  }
}

@Controller()
class OrdersController {
  constructor(
    @Inject(SERVICE) private readonly client: ClientProxy,
    private readonly ledger: Ledger,
  ) {}

  @Get('sum')
  callSum() {
    return this.client.send<number>(SUM, [1, 2]);
  }

  @Get('count')
  callCount() {
    return this.client.send<number>(COUNT, 3).pipe(toArray());
  }

  @Get('fail')
  callFail() {
    return this.client.send(FAIL, {}).pipe(catchError((error: { message?: string }) => of({ failed: error.message ?? String(error) })));
  }

  @Get('refused')
  callRefused() {
    return this.client.send(REFUSED, {}).pipe(catchError(() => of({ refused: true })));
  }

  @Get('place')
  async place() {
    await lastValueFrom(this.client.emit(PLACED, { orderId: 'o-1' }));
    return { placed: true };
  }

  @MessagePattern(SUM)
  sum(@Payload() numbers: number[]) {
    return numbers.reduce((total, n) => total + n, 0);
  }

  /** A reply stream: each value recorded by a traced call, so the server span must outlast them. */
  @MessagePattern(COUNT)
  count(@Payload() n: number) {
    return interval(2).pipe(
      take(n),
      concatMap((index) => this.ledger.record(index)),
    );
  }

  @MessagePattern(FAIL)
  fail(): never {
    throw new Error('ledger is down');
  }

  @UseGuards(RefuseAll)
  @MessagePattern(REFUSED)
  refused() {
    return 'never here';
  }

  @EventPattern(PLACED)
  placed(@Payload() order: unknown) {
    received.push(order);
  }
}

let tcpPort = 0;
const TRANSPORTS: TransportSetup[] = [tcpSetup(() => tcpPort), redisSetup, natsSetup, rmqSetup, mqttSetup(5), mqttSetup(4)];

describe.each(TRANSPORTS)('$name transport', (setup) => {
  const exporter = new TestSpanExporter();
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    if (setup.broker) await requireBroker(setup.broker);
    tcpPort = await freePort();
    @Module({
      imports: [
        TracingModule.forRoot({ serviceName: 'orders', exporter }),
        ClientsModule.register([{ name: SERVICE, ...setup.options() } as never]),
      ],
      controllers: [OrdersController],
      providers: [Ledger],
    })
    class OrdersModule {}
    app = await NestFactory.create(OrdersModule, { logger: false });
    app.connectMicroservice<MicroserviceOptions>(setup.options() as MicroserviceOptions);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    exporter.reset();
    received.length = 0;
  });

  const get = async (path: string): Promise<unknown> => (await fetch(`${url}${path}`)).json();

  it('continues the trace of a request from the CLIENT span of send() to the SERVER span of the handler', async () => {
    expect(await get('/sum')).toBe(3);
    const server = await exporter.waitFor((span) => span.name === SUM && span.kind === SpanKind.SERVER);
    const client = await exporter.waitFor((span) => span.name === SUM && span.kind === SpanKind.CLIENT);
    const http = await exporter.waitFor('GET /sum');
    expect(client.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(server.spanContext().traceId).toBe(http.spanContext().traceId);
    expect(server.attributes).toMatchObject({
      'messaging.operation.type': 'process',
      'nestjs_tracing.message.pattern': SUM,
      'rpc.method': SUM,
    });
    expect(client.attributes).toMatchObject({ 'messaging.operation.type': 'send', 'rpc.method': SUM });
    expect(server.attributes['messaging.system']).toBe(client.attributes['messaging.system']);
    // Nest's packet id, where the transport hands the packet over; RabbitMQ's own message id is unset here.
    if (!['NATS', 'RabbitMQ'].includes(setup.name)) expect(server.attributes['messaging.message.id']).toEqual(expect.any(String));
    expect(server.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('keeps the request spans open until the whole reply stream is done', async () => {
    expect(await get('/count')).toEqual([0, 1, 2]);
    const server = await exporter.waitFor((span) => span.name === COUNT && span.kind === SpanKind.SERVER);
    const client = await exporter.waitFor((span) => span.name === COUNT && span.kind === SpanKind.CLIENT);
    const records = exporter.findAll('Ledger.record');
    expect(records).toHaveLength(3);
    // Spans are exported as they end: the order of export is the order of ending (clocks of
    // separate spans may disagree by a fraction of a millisecond; this order cannot).
    const endOrder = (span: ReadableSpan): number => exporter.spans.indexOf(span);
    for (const record of records) {
      expect(record.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
      expect(endOrder(server)).toBeGreaterThan(endOrder(record));
    }
    expect(endOrder(client)).toBeGreaterThan(endOrder(server));
  });

  it('records the error a handler throws on both sides', async () => {
    expect(await get('/fail')).toEqual({ failed: 'Internal server error' });
    const server = await exporter.waitFor((span) => span.name === FAIL && span.kind === SpanKind.SERVER);
    const client = await exporter.waitFor((span) => span.name === FAIL && span.kind === SpanKind.CLIENT);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger is down' });
    expect(server.attributes['error.type']).toBe('Error');
    expect(server.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('ledger is down');
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.spanContext().traceId).toBe(server.spanContext().traceId);
  });

  it('gives a message a guard refuses its span, with the RpcException', async () => {
    expect(await get('/refused')).toEqual({ refused: true });
    const server = await exporter.waitFor((span) => span.name === REFUSED && span.kind === SpanKind.SERVER);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'not allowed' });
    expect(server.attributes['error.type']).toBe('RpcException');
  });

  it('continues the trace of emit() from a PRODUCER span to the CONSUMER span of the event handler', async () => {
    expect(await get('/place')).toEqual({ placed: true });
    const consumer = await exporter.waitFor(`process ${PLACED}`);
    const producer = await exporter.waitFor(`send ${PLACED}`);
    const http = await exporter.waitFor('GET /place');
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(producer.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
    expect(consumer.attributes).toMatchObject({ 'messaging.operation.type': 'process', 'messaging.operation.name': 'process' });
    // The trace context travels beside the payload: the handler sees exactly what was emitted.
    expect(received).toEqual([{ orderId: 'o-1' }]);
  });

  it('traces a client made with ClientProxyFactory like one from ClientsModule', async () => {
    const client = ClientProxyFactory.create(setup.options() as never);
    try {
      const total = await app.get(TraceService).withSpan('checkout', () => lastValueFrom(client.send<number>(SUM, [4, 5])));
      expect(total).toBe(9);
      const server = await exporter.waitFor((span) => span.name === SUM && span.kind === SpanKind.SERVER);
      const clientSpan = exporter.find((span) => span.name === SUM && span.kind === SpanKind.CLIENT)!;
      const checkout = exporter.find('checkout')!;
      expect(clientSpan.parentSpanContext?.spanId).toBe(checkout.spanContext().spanId);
      expect(server.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    } finally {
      await client.close();
    }
  });

  it('handles a message from a peer without this library normally, in a new trace', async () => {
    await setup.sendRaw(PLACED, { orderId: 'plain' });
    const consumer = await exporter.waitFor(`process ${PLACED}`);
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(received).toEqual([{ orderId: 'plain' }]);
  });

  it('starts a new trace for a malformed propagated context, and still handles the message', async () => {
    await setup.sendRaw(PLACED, { orderId: 'malformed' }, '00-not-a-trace-id-zz');
    const consumer = await exporter.waitFor(`process ${PLACED}`);
    expect(consumer.parentSpanContext).toBeUndefined();
    expect(consumer.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(received).toEqual([{ orderId: 'malformed' }]);
  });
});
