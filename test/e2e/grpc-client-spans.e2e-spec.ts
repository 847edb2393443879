import { Controller, Get, HttpException, Inject, Injectable, OnModuleInit, Param } from '@nestjs/common';
import { ClientGrpc, ClientsModule, GrpcMethod, RpcException, Transport } from '@nestjs/microservices';
import { ServiceError, status } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { firstValueFrom, interval, map, Observable, take } from 'rxjs';
import { Traced, tracingGrpcInterceptor, withGrpcTracing } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { PaymentsClient, paymentsClient, SHOP_PACKAGE, SHOP_PROTO, startGrpcMicroservice, startHybridApp } from '../support/grpc-apps';

@Injectable()
class Ledger {
  @Traced()
  async record(orderId: string) {
    return orderId;
  }
}

@Controller()
class PaymentsController {
  constructor(private readonly ledger: Ledger) {}

  @GrpcMethod('Payments', 'Charge')
  async charge(request: { orderId: string }) {
    if (request.orderId === 'missing') throw new RpcException({ code: status.NOT_FOUND, message: 'no such order' });
    if (request.orderId === 'corrupt') throw new RpcException({ code: status.INTERNAL, message: 'ledger is corrupt' });
    await this.ledger.record(request.orderId);
    return { id: `ch_${request.orderId}`, status: 'paid' };
  }

  @GrpcMethod('Payments', 'ListCharges')
  list(request: { count: number }) {
    return interval(1).pipe(take(request.count), map((index) => ({ id: `ch_${index}`, status: 'paid' })));
  }
}

interface Payments {
  charge(request: { orderId: string; amount: number }): Observable<{ id: string }>;
}

@Controller('checkout')
class CheckoutController implements OnModuleInit {
  private payments!: Payments;

  constructor(@Inject('PAYMENTS') private readonly client: ClientGrpc) {}

  onModuleInit() {
    this.payments = this.client.getService<Payments>('Payments');
  }

  @Get(':orderId')
  async checkout(@Param('orderId') orderId: string) {
    try {
      return await firstValueFrom(this.payments.charge({ orderId, amount: 10 }));
    } catch (error) {
      throw new HttpException((error as ServiceError).details, 502);
    }
  }
}

const byKind = (name: string, kind: SpanKind) => (span: { name: string; kind: SpanKind }) => span.name === name && span.kind === kind;
const CHARGE = 'shop.v1.Payments/Charge';

describe('gRPC CLIENT spans and propagation from an HTTP app to a gRPC app', () => {
  // Both apps run in this process and so share one tracer provider, hence one exporter.
  const exporter = new TestSpanExporter();
  let payments: Awaited<ReturnType<typeof startGrpcMicroservice>>;
  let shop: Awaited<ReturnType<typeof startHybridApp>>;

  beforeAll(async () => {
    payments = await startGrpcMicroservice({ controllers: [PaymentsController], providers: [Ledger] }, exporter);
    shop = await startHybridApp(
      {
        imports: [
          ClientsModule.register([
            withGrpcTracing({
              name: 'PAYMENTS',
              transport: Transport.GRPC,
              options: { url: payments.grpcTarget, package: SHOP_PACKAGE, protoPath: SHOP_PROTO },
            }),
          ]),
        ],
        controllers: [CheckoutController],
      },
      exporter,
    );
  });
  afterAll(async () => {
    await shop.app.close();
    await payments.app.close();
  });
  beforeEach(() => exporter.reset());

  it('links HTTP SERVER → gRPC CLIENT → gRPC SERVER → @Traced in one trace', async () => {
    const response = await fetch(`${shop.url}/checkout/42`);
    expect(response.status).toBe(200);
    const httpServer = await exporter.waitFor('GET /checkout/:orderId');
    const client = await exporter.waitFor(byKind(CHARGE, SpanKind.CLIENT));
    const server = await exporter.waitFor(byKind(CHARGE, SpanKind.SERVER));
    const ledger = await exporter.waitFor('Ledger.record');
    const traceId = httpServer.spanContext().traceId;
    for (const span of [client, server, ledger]) expect(span.spanContext().traceId).toBe(traceId);
    expect(client.parentSpanContext?.spanId).toBe(httpServer.spanContext().spanId);
    expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    expect(ledger.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    const [host, port] = payments.grpcTarget.split(':');
    expect(client.attributes).toMatchObject({
      'rpc.system.name': 'grpc',
      'rpc.method': CHARGE,
      'rpc.status_code': 'OK',
      'server.address': host,
      'server.port': Number(port),
      'network.peer.address': '127.0.0.1',
      'network.peer.port': Number(port),
    });
    expect(client.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks NOT_FOUND ERROR on the client span only', async () => {
    expect((await fetch(`${shop.url}/checkout/missing`)).status).toBe(502);
    const client = await exporter.waitFor(byKind(CHARGE, SpanKind.CLIENT));
    const server = await exporter.waitFor(byKind(CHARGE, SpanKind.SERVER));
    expect(client.attributes['rpc.status_code']).toBe('NOT_FOUND');
    expect(client.attributes['error.type']).toBe('NOT_FOUND');
    expect(client.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no such order' });
    expect(server.attributes['rpc.status_code']).toBe('NOT_FOUND');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('marks INTERNAL ERROR on both sides', async () => {
    expect((await fetch(`${shop.url}/checkout/corrupt`)).status).toBe(502);
    const client = await exporter.waitFor(byKind(CHARGE, SpanKind.CLIENT));
    const server = await exporter.waitFor(byKind(CHARGE, SpanKind.SERVER));
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.attributes['rpc.status_code']).toBe('INTERNAL');
    expect(server.attributes['rpc.status_code']).toBe('INTERNAL');
  });

  describe('tracingGrpcInterceptor() on a plain @grpc/grpc-js client', () => {
    let client: PaymentsClient;
    beforeAll(() => {
      client = paymentsClient(payments.grpcTarget, [tracingGrpcInterceptor({ recordMessageEvents: true })]);
    });
    afterAll(() => client.close());

    it('covers a server-streaming call until its status arrives, counting messages', async () => {
      const received: unknown[] = [];
      await new Promise<void>((resolve, reject) => {
        const call = client.ListCharges({ count: 3 });
        call.on('data', (reply: unknown) => received.push(reply));
        call.on('error', reject);
        call.on('status', () => resolve());
      });
      expect(received).toHaveLength(3);
      const span = await exporter.waitFor(byKind('shop.v1.Payments/ListCharges', SpanKind.CLIENT));
      const server = await exporter.waitFor(byKind('shop.v1.Payments/ListCharges', SpanKind.SERVER));
      expect(server.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
      expect(span.attributes).toMatchObject({
        'rpc.status_code': 'OK',
        'nestjs_tracing.grpc.sent_messages': 1,
        'nestjs_tracing.grpc.received_messages': 3,
      });
      expect(span.attributes).not.toHaveProperty(['server.address']);
      expect(span.events.filter((event) => event.attributes?.['rpc.message.type'] === 'RECEIVED')).toHaveLength(3);
      // Message events are opt-in: the server app did not ask for them.
      expect(server.events.filter((event) => event.name === 'message')).toHaveLength(0);
    });

    it('marks a call the client cancels CANCELLED and ERROR', async () => {
      const outcome = await new Promise<ServiceError>((resolve) => {
        const call = client.ListCharges({ count: 1000 });
        call.once('data', () => call.cancel());
        call.on('error', resolve);
      });
      expect(outcome.code).toBe(status.CANCELLED);
      const span = await exporter.waitFor(byKind('shop.v1.Payments/ListCharges', SpanKind.CLIENT));
      expect(span.attributes['rpc.status_code']).toBe('CANCELLED');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    });
  });
});
