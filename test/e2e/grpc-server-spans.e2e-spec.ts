import { CanActivate, Controller, ExecutionContext, Get, Injectable, UseGuards } from '@nestjs/common';
import { GrpcMethod, GrpcStreamCall, GrpcStreamMethod, Payload, RpcException } from '@nestjs/microservices';
import { Metadata, ServerDuplexStream, ServiceError, status } from '@grpc/grpc-js';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { concat, interval, map, Observable, reduce, take, throwError } from 'rxjs';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import {
  PaymentsClient,
  paymentsClient,
  RunningHybridApp,
  startGrpcMicroservice,
  startHybridApp,
  unary,
} from '../support/grpc-apps';

interface ChargeRequest {
  orderId: string;
  amount: number;
}

@Injectable()
class Ledger {
  @Traced()
  async record(@SpanAttribute('order.id') orderId: string) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return orderId;
  }
}

/** Turns away orders on a block list, before the handler runs. */
class BlockListGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToRpc().getData<ChargeRequest>().orderId !== 'blocked') return true;
    throw new RpcException({ code: status.PERMISSION_DENIED, message: 'order is blocked' });
  }
}

@Controller()
class PaymentsController {
  constructor(private readonly ledger: Ledger) {}

  @UseGuards(BlockListGuard)
  @GrpcMethod('Payments', 'Charge')
  async charge(request: ChargeRequest) {
    if (request.orderId === 'missing') throw new RpcException({ code: status.NOT_FOUND, message: 'no such order' });
    if (request.orderId === 'corrupt') throw new RpcException({ code: status.INTERNAL, message: 'ledger is corrupt' });
    if (request.orderId === 'crash') throw new Error('database is down');
    // A downstream gRPC error passed on: Nest's filter still answers UNKNOWN.
    if (request.orderId === 'downstream') throw Object.assign(new Error('stock service: no such item'), { code: status.NOT_FOUND });
    await this.ledger.record(request.orderId);
    return { id: `ch_${request.orderId}`, status: 'paid' };
  }

  @GrpcMethod('Payments', 'ListCharges')
  list(request: { count: number; intervalMs: number }) {
    return interval(request.intervalMs).pipe(
      take(request.count),
      map((index) => ({ id: `ch_${index}`, status: 'paid' })),
    );
  }

  @GrpcStreamMethod('Payments', 'TotalCharges')
  total(requests: Observable<ChargeRequest>) {
    return requests.pipe(reduce((sum, request) => ({ total: sum.total + request.amount, count: sum.count + 1 }), { total: 0, count: 0 }));
  }

  @GrpcStreamCall('Payments', 'EchoCharges')
  echo(call: ServerDuplexStream<ChargeRequest, { id: string; status: string }>) {
    call.on('data', (request: ChargeRequest) => call.write({ id: request.orderId, status: 'echoed' }));
    call.on('end', () => call.end());
  }

  @Get('health')
  health() {
    return 'ok';
  }
}

const METHOD = 'shop.v1.Payments/Charge';

/** Handlers written with parameter decorators, and an async handler that returns a stream. */
@Controller()
class DecoratedPaymentsController {
  @GrpcMethod('Payments', 'Charge')
  charge(@Payload() request: ChargeRequest) {
    return { id: `ch_${request.orderId}`, status: 'paid' };
  }

  @GrpcMethod('Payments', 'ListCharges')
  async list(@Payload() request: { count: number }) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const charges = interval(2).pipe(
      take(request.count),
      map((index) => ({ id: `ch_${index}`, status: 'paid' })),
    );
    return concat(charges, throwError(() => new RpcException({ code: status.DATA_LOSS, message: 'ledger stream broke' })));
  }

  @GrpcStreamCall('Payments', 'TotalCharges')
  total(call: ServerDuplexStream<ChargeRequest, never>, callback: (error: object | null) => void) {
    call.on('data', () => undefined);
    call.on('end', () => callback({ code: status.UNAVAILABLE, message: 'ledger offline' }));
  }
}
const isServer = (name: string) => (span: { name: string; kind: SpanKind }) => span.name === name && span.kind === SpanKind.SERVER;

describe('gRPC SERVER spans (Nest gRPC transport, hybrid app)', () => {
  const exporter = new TestSpanExporter();
  let running: RunningHybridApp;
  let client: PaymentsClient;

  beforeAll(async () => {
    running = await startHybridApp({ controllers: [PaymentsController], providers: [Ledger] }, exporter, {
      grpc: { recordMessageEvents: true },
    });
    client = paymentsClient(running.grpcTarget);
  });
  afterAll(async () => {
    client.close();
    await running.app.close();
  });
  beforeEach(() => exporter.reset());

  it('names a unary call package.Service/Method and records the RPC attributes and OK', async () => {
    const reply = await unary<{ id: string }>(client, 'Charge', { orderId: '42', amount: 9.99 });
    expect(reply.id).toBe('ch_42');
    const server = await exporter.waitFor(isServer(METHOD));
    const [host, port] = running.grpcTarget.split(':');
    expect(server.attributes).toMatchObject({
      'rpc.system.name': 'grpc',
      'rpc.method': METHOD,
      'rpc.status_code': 'OK',
      'server.address': host,
      'server.port': Number(port),
      'network.peer.address': '127.0.0.1',
    });
    expect(server.attributes).not.toHaveProperty(['nestjs_tracing.grpc.sent_messages']);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.parentSpanContext).toBeUndefined();
    const child = await exporter.waitFor('Ledger.record');
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(child.attributes['order.id']).toBe('42');
  });

  it('records NOT_FOUND with an exception event but leaves the status unset (the caller erred)', async () => {
    await expect(unary(client, 'Charge', { orderId: 'missing' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('NOT_FOUND');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes).not.toHaveProperty(['error.type']);
    const exception = server.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['exception.message']).toBe('no such order');
  });

  it('marks INTERNAL as ERROR with the message and error.type', async () => {
    await expect(unary(client, 'Charge', { orderId: 'corrupt' })).rejects.toMatchObject({ code: status.INTERNAL });
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('INTERNAL');
    expect(server.attributes['error.type']).toBe('INTERNAL');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger is corrupt' });
  });

  it('maps a plain Error to UNKNOWN, which is what the client receives', async () => {
    await expect(unary(client, 'Charge', { orderId: 'crash' })).rejects.toMatchObject({ code: status.UNKNOWN });
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('UNKNOWN');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database is down' });
    expect(server.events.map((event) => event.name)).toContain('exception');
  });

  it('records the code the client receives, with the message of what the handler threw', async () => {
    await expect(unary(client, 'Charge', { orderId: 'downstream' })).rejects.toMatchObject({ code: status.UNKNOWN });
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('UNKNOWN');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'stock service: no such item' });
  });

  it('covers a server stream until it completes and counts the messages sent', async () => {
    const call = client.ListCharges({ count: 3, intervalMs: 1 });
    const received: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      call.on('data', (reply: unknown) => received.push(reply));
      call.on('error', reject);
      call.on('end', resolve);
    });
    expect(received).toHaveLength(3);
    const server = await exporter.waitFor(isServer('shop.v1.Payments/ListCharges'));
    expect(server.attributes['rpc.status_code']).toBe('OK');
    expect(server.attributes['nestjs_tracing.grpc.sent_messages']).toBe(3);
    expect(server.attributes['nestjs_tracing.grpc.received_messages']).toBe(0);
    const sent = server.events.filter((event) => event.name === 'message');
    expect(sent.map((event) => [event.attributes?.['rpc.message.type'], event.attributes?.['rpc.message.id']])).toEqual([
      ['SENT', 1],
      ['SENT', 2],
      ['SENT', 3],
    ]);
  });

  it('covers a client stream (@GrpcStreamMethod) and counts the messages received', async () => {
    const reply = await new Promise<{ total: number; count: number }>((resolve, reject) => {
      const call = client.TotalCharges((error: ServiceError | null, total: { total: number; count: number }) =>
        error ? reject(error) : resolve(total),
      );
      for (const amount of [1, 2, 4]) call.write({ orderId: 'o', amount });
      call.end();
    });
    expect(reply).toEqual({ total: 7, count: 3 });
    const server = await exporter.waitFor(isServer('shop.v1.Payments/TotalCharges'));
    expect(server.attributes['rpc.status_code']).toBe('OK');
    expect(server.attributes['nestjs_tracing.grpc.received_messages']).toBe(3);
    expect(server.events.filter((event) => event.attributes?.['rpc.message.type'] === 'RECEIVED')).toHaveLength(3);
  });

  it('ends a stream the client cancels with CANCELLED and no ERROR', async () => {
    const call = client.ListCharges({ count: 1000, intervalMs: 5 });
    const outcome = await new Promise<ServiceError>((resolve) => {
      call.once('data', () => call.cancel());
      call.on('error', resolve);
    });
    expect(outcome.code).toBe(status.CANCELLED);
    const server = await exporter.waitFor(isServer('shop.v1.Payments/ListCharges'));
    expect(server.attributes['rpc.status_code']).toBe('CANCELLED');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes['nestjs_tracing.grpc.sent_messages']).toBeLessThan(1000);
  });

  it('covers a pass-through @GrpcStreamCall until the handler ends the response stream', async () => {
    const call = client.EchoCharges();
    const received: Array<{ id: string }> = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (reply: { id: string }) => received.push(reply));
      call.on('error', reject);
      call.on('end', resolve);
    });
    call.write({ orderId: 'a', amount: 1 });
    call.write({ orderId: 'b', amount: 2 });
    call.end();
    await done;
    expect(received.map((reply) => reply.id)).toEqual(['a', 'b']);
    const server = await exporter.waitFor(isServer('shop.v1.Payments/EchoCharges'));
    expect(server.attributes['rpc.status_code']).toBe('OK');
    expect(server.attributes['nestjs_tracing.grpc.received_messages']).toBe(2);
  });

  it('continues the trace of a plain @grpc/grpc-js caller that sends a traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const metadata = new Metadata();
    metadata.set('traceparent', `00-${traceId}-${callerSpanId}-01`);
    await unary(client, 'Charge', { orderId: '7' }, metadata);
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(callerSpanId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
  });

  it('starts a new trace when the traceparent in Metadata is malformed, and the call succeeds', async () => {
    const metadata = new Metadata();
    metadata.set('traceparent', '00-not-a-trace-01');
    const reply = await unary<{ id: string }>(client, 'Charge', { orderId: '8' }, metadata);
    expect(reply.id).toBe('ch_8');
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.spanContext().traceId).not.toBe('0'.repeat(32));
  });

  it('gives a call its guard refused a span with the refusal, and the handler never runs', async () => {
    await expect(unary(client, 'Charge', { orderId: 'blocked' })).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('PERMISSION_DENIED');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    const exception = server.events.find((event) => event.name === 'exception');
    expect(exception?.attributes?.['exception.message']).toBe('order is blocked');
    expect(exporter.find('Ledger.record')).toBeUndefined();
  });

  it('gives no SERVER span to a handler called directly, not through the transport', async () => {
    const reply = await running.app.get(PaymentsController).charge({ orderId: 'direct', amount: 1 });
    expect(reply.id).toBe('ch_direct');
    const record = await exporter.waitFor('Ledger.record');
    expect(record.parentSpanContext).toBeUndefined();
    expect(exporter.spans.filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(0);
  });

  it('gives the same app HTTP SERVER spans too', async () => {
    const response = await fetch(`${running.url}/health`);
    expect(response.status).toBe(200);
    const http = await exporter.waitFor('GET /health');
    expect(http.kind).toBe(SpanKind.SERVER);
    expect(http.attributes['http.response.status_code']).toBe(200);
    expect(exporter.spans.some((span) => span.attributes['rpc.system.name'] !== undefined)).toBe(false);
  });
});

describe('gRPC SERVER spans for handlers with parameter decorators (microservice)', () => {
  const exporter = new TestSpanExporter();
  let running: { app: { close(): Promise<void> }; grpcTarget: string };
  let client: PaymentsClient;

  beforeAll(async () => {
    running = await startGrpcMicroservice({ controllers: [DecoratedPaymentsController] }, exporter);
    client = paymentsClient(running.grpcTarget);
  });
  afterAll(async () => {
    client.close();
    await running.app.close();
  });
  beforeEach(() => exporter.reset());

  it('traces a handler that takes only @Payload()', async () => {
    const reply = await unary<{ id: string }>(client, 'Charge', { orderId: '5', amount: 1 });
    expect(reply.id).toBe('ch_5');
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('OK');
  });

  it('records the { code, message } a pass-through handler answers with', async () => {
    const failure = await new Promise<ServiceError>((resolve, reject) => {
      const call = client.TotalCharges((error: ServiceError | null) => (error ? resolve(error) : reject(new Error('no error'))));
      call.write({ orderId: 'o', amount: 1 });
      call.end();
    });
    expect(failure.code).toBe(status.UNAVAILABLE);
    const server = await exporter.waitFor(isServer('shop.v1.Payments/TotalCharges'));
    expect(server.attributes['rpc.status_code']).toBe('UNAVAILABLE');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger offline' });
  });

  it('gives the calls back to this app once another app with the same methods closes', async () => {
    const other = new TestSpanExporter();
    const second = await startGrpcMicroservice({ controllers: [DecoratedPaymentsController] }, other);
    await second.app.close();
    await unary(client, 'Charge', { orderId: '6', amount: 1 });
    const server = await exporter.waitFor(isServer(METHOD));
    expect(server.attributes['rpc.status_code']).toBe('OK');
    expect(other.spans).toHaveLength(0);
  });

  it('covers the stream an async handler resolves to, until it fails', async () => {
    const call = client.ListCharges({ count: 3 });
    const received: unknown[] = [];
    const failure = await new Promise<ServiceError>((resolve) => {
      call.on('data', (reply: unknown) => received.push(reply));
      call.on('error', resolve);
    });
    expect(received).toHaveLength(3);
    expect(failure.code).toBe(status.DATA_LOSS);
    const server = await exporter.waitFor(isServer('shop.v1.Payments/ListCharges'));
    expect(server.attributes['rpc.status_code']).toBe('DATA_LOSS');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger stream broke' });
    expect(server.attributes['nestjs_tracing.grpc.sent_messages']).toBe(3);
  });
});
