import { CanActivate, INestApplication, Module, UseGuards, WebSocketAdapter } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { WsAdapter } from '@nestjs/platform-ws';
import { MessageBody, SubscribeMessage, WebSocketGateway, WsException } from '@nestjs/websockets';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { concatMap, interval, map, take } from 'rxjs';
import { io, Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { Traced, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { Ledger } from '../support/traced-ledger';

/** Nest's methods the tracing wraps while an app with gateways runs, as they were before. */
const internals: Array<[{ prototype: object }, string]> = [
  [WsAdapter, 'bindMessageHandler'],
  [require('@nestjs/websockets/context/ws-context-creator').WsContextCreator, 'create'],
  [require('@nestjs/websockets/web-sockets-controller').WebSocketsController, 'getConnectionHandler'],
  [require('@nestjs/websockets/exceptions/ws-exceptions-handler').WsExceptionsHandler, 'handle'],
];
const originals = internals.map(([Class, name]) => (Class.prototype as Record<string, unknown>)[name]);

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

/** What the handlers received as their `@MessageBody()`, and the span a guard saw active. */
const received: unknown[] = [];
const guardSawSpans: string[] = [];

class RefuseAll implements CanActivate {
  canActivate(): boolean {
    guardSawSpans.push(trace.getActiveSpan()?.spanContext().spanId ?? 'none');
    return false;
  }
}

class AllowAll implements CanActivate {
  canActivate(): boolean {
    guardSawSpans.push(trace.getActiveSpan()?.spanContext().spanId ?? 'none');
    return true;
  }
}

/** A gateway for each platform: socket.io has namespaces, `ws` a path. */
function ordersGateway(options: Record<string, unknown>) {
  @WebSocketGateway(options)
  class OrdersGateway {
    constructor(private readonly ledger: Ledger) {}

    @SubscribeMessage('order.get')
    get(@MessageBody() body: { id: string }) {
      received.push(body);
      return { event: 'order', data: { id: body.id, status: 'placed' } };
    }

    @SubscribeMessage('order.save')
    async save(@MessageBody() body: { entry: number }) {
      const entry = await this.ledger.record(body.entry);
      return { event: 'saved', data: entry };
    }

    /** Three values, each recorded by a traced call: the span must outlast them. */
    @SubscribeMessage('order.watch')
    watch() {
      return interval(2).pipe(
        take(3),
        concatMap((index) => this.ledger.record(index)),
        map((entry) => ({ event: 'tick', data: entry })),
      );
    }

    @SubscribeMessage('order.cancel')
    cancel(): never {
      throw new WsException('order already shipped');
    }

    @SubscribeMessage('order.crash')
    async crash(): Promise<never> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw new TypeError('ledger is down');
    }

    @UseGuards(RefuseAll)
    @SubscribeMessage('order.delete')
    delete() {
      return { event: 'deleted', data: true };
    }

    // Decorators in both orders: Nest must still find the pattern and the guard, and @Traced its span.
    @Traced('OrdersGateway.tracedFirst')
    @UseGuards(AllowAll)
    @SubscribeMessage('order.traced-first')
    tracedFirst() {
      return { event: 'traced-first', data: true };
    }

    @SubscribeMessage('order.traced-last')
    @UseGuards(AllowAll)
    @Traced('OrdersGateway.tracedLast')
    tracedLast() {
      return { event: 'traced-last', data: true };
    }
  }
  return OrdersGateway;
}

/** A client of either platform that sends `{ pattern, data }` and waits for one named reply. */
interface GatewayClient {
  send(pattern: string, data?: unknown): void;
  /** `ws`: the envelope's `_trace` field; socket.io has no envelope, so it goes inside the data. */
  sendTraced(pattern: string, data: Record<string, unknown>, traceparent: string): void;
  reply(event: string, count?: number): Promise<unknown[]>;
  close(): void;
}

interface PlatformSetup {
  name: string;
  adapter(app: INestApplication): WebSocketAdapter;
  gatewayOptions: Record<string, unknown>;
  namespace?: string;
  protocol: string;
  connect(port: number, traceparent?: string): Promise<GatewayClient>;
}

const socketIoSetup: PlatformSetup = {
  name: 'socket.io',
  adapter: (app) => new IoAdapter(app),
  gatewayOptions: { namespace: 'orders' },
  namespace: '/orders',
  protocol: 'websocket',
  async connect(port, traceparent) {
    const socket: Socket = io(`http://127.0.0.1:${port}/orders`, {
      transports: ['websocket'],
      auth: traceparent === undefined ? {} : { traceparent },
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return {
      send: (pattern, data) => void socket.emit(pattern, data ?? {}),
      sendTraced: (pattern, data, traceparent) => void socket.emit(pattern, { ...data, _trace: { traceparent } }),
      reply: (event, count = 1) =>
        new Promise((resolve) => {
          const values: unknown[] = [];
          const onValue = (value: unknown) => {
            values.push(value);
            if (values.length === count) {
              socket.off(event, onValue);
              resolve(values);
            }
          };
          socket.on(event, onValue);
        }),
      close: () => void socket.close(),
    };
  },
};

const wsSetup: PlatformSetup = {
  name: 'ws',
  adapter: (app) => new WsAdapter(app),
  gatewayOptions: { path: '/orders' },
  protocol: 'websocket',
  async connect(port, traceparent) {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/orders`, { headers: traceparent === undefined ? {} : { traceparent } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return {
      send: (pattern, data) => socket.send(JSON.stringify({ event: pattern, data: data ?? {} })),
      sendTraced: (pattern, data, traceparent) => socket.send(JSON.stringify({ event: pattern, data, _trace: { traceparent } })),
      reply: (event, count = 1) =>
        new Promise((resolve) => {
          const values: unknown[] = [];
          const onMessage = (raw: Buffer) => {
            const message = JSON.parse(raw.toString()) as { event: string; data: unknown };
            if (message.event !== event) return;
            values.push(message.data);
            if (values.length === count) {
              socket.off('message', onMessage);
              resolve(values);
            }
          };
          socket.on('message', onMessage);
        }),
      close: () => socket.close(),
    };
  },
};

describe.each([socketIoSetup, wsSetup])('$name gateway', (setup) => {
  const exporter = new TestSpanExporter();
  const OrdersGateway = ordersGateway(setup.gatewayOptions);
  let app: INestApplication;
  let port: number;
  const clients: GatewayClient[] = [];

  const connect = async (traceparent?: string) => {
    const client = await setup.connect(port, traceparent);
    clients.push(client);
    return client;
  };
  const endOrder = (span: ReadableSpan): number => exporter.spans.indexOf(span);

  beforeAll(async () => {
    @Module({
      imports: [TracingModule.forRoot({ serviceName: 'orders', exporter })],
      providers: [OrdersGateway, Ledger],
    })
    class OrdersModule {}
    app = await NestFactory.create(OrdersModule, { logger: false });
    app.useWebSocketAdapter(setup.adapter(app));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as { port: number }).port;
  });

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await app?.close();
  });

  beforeEach(() => {
    exporter.reset();
    received.length = 0;
    guardSawSpans.length = 0;
  });

  it('gives a handled message a SERVER span named after the gateway and pattern, with its attributes and not its payload', async () => {
    const client = await connect();
    const reply = client.reply('order');
    client.send('order.get', { id: 'o-1', card: '4111' });
    expect(await reply).toEqual([{ id: 'o-1', status: 'placed' }]);
    const span = await exporter.waitFor('OrdersGateway order.get');
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'network.transport': 'tcp',
      'network.protocol.name': setup.protocol,
      'nestjs_tracing.websocket.platform': setup.name,
      'nestjs_tracing.websocket.gateway': 'OrdersGateway',
      'nestjs_tracing.message.pattern': 'order.get',
      ...(setup.namespace ? { 'nestjs_tracing.websocket.namespace': setup.namespace } : {}),
    });
    expect(JSON.stringify(span.attributes)).not.toContain('4111');
    expect(received).toEqual([{ id: 'o-1', card: '4111' }]);
  });

  it('links each message to the trace the client connected in, each in a trace of its own', async () => {
    const client = await connect(TRACEPARENT);
    const replies = client.reply('order', 2);
    client.send('order.get', { id: 'o-2' });
    client.send('order.get', { id: 'o-3' });
    await replies;
    const spans = await exporter.waitForAll('OrdersGateway order.get', 2);
    for (const span of spans) {
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(TRACE_ID);
      expect(span.links).toHaveLength(1);
      expect(span.links[0].context).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
    }
    expect(spans[0].spanContext().traceId).not.toBe(spans[1].spanContext().traceId);
  });

  it.each([
    ['malformed', '00-not-a-trace-id-zz'],
    ['all-zero', `00-${'0'.repeat(32)}-${SPAN_ID}-01`],
  ])('ignores a %s handshake traceparent: a new trace, no link, the message handled', async (_, traceparent) => {
    const client = await connect(traceparent);
    const reply = client.reply('order');
    client.send('order.get', { id: 'o-4' });
    expect(await reply).toEqual([{ id: 'o-4', status: 'placed' }]);
    const span = await exporter.waitFor('OrdersGateway order.get');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  if (setup.name === 'ws') {
    it("continues the trace of a message's `_trace` field, which the handler's body does not see", async () => {
      const client = await connect();
      const reply = client.reply('order');
      client.sendTraced('order.get', { id: 'o-7' }, TRACEPARENT);
      expect(await reply).toEqual([{ id: 'o-7', status: 'placed' }]);
      const span = await exporter.waitFor('OrdersGateway order.get');
      expect(span.spanContext().traceId).toBe(TRACE_ID);
      expect(span.parentSpanContext).toMatchObject({ spanId: SPAN_ID, isRemote: true });
      expect(received).toEqual([{ id: 'o-7' }]);
    });

    it('starts a new trace for a malformed `_trace` field, and handles the message', async () => {
      const client = await connect();
      const reply = client.reply('order');
      client.sendTraced('order.get', { id: 'o-8' }, '00-zz-zz-01');
      expect(await reply).toEqual([{ id: 'o-8', status: 'placed' }]);
      const span = await exporter.waitFor('OrdersGateway order.get');
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(TRACE_ID);
    });
  } else {
    it('never reads trace context from the payload itself (it is the handler\'s data)', async () => {
      const client = await connect();
      const reply = client.reply('order');
      client.sendTraced('order.get', { id: 'o-7' }, TRACEPARENT);
      await reply;
      const span = await exporter.waitFor('OrdersGateway order.get');
      expect(span.parentSpanContext).toBeUndefined();
      expect(span.spanContext().traceId).not.toBe(TRACE_ID);
      expect(received).toEqual([{ id: 'o-7', _trace: { traceparent: TRACEPARENT } }]);
    });
  }

  it('starts the span before the guards: a refused message has its span, ERROR with the WsException', async () => {
    const client = await connect();
    client.send('order.delete', { id: 'o-5' });
    const span = await exporter.waitFor('OrdersGateway order.delete');
    expect(guardSawSpans).toEqual([span.spanContext().spanId]);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Forbidden resource' });
    expect(span.attributes['error.type']).toBe('WsException');
    expect(span.events.find((event) => event.name === 'exception')?.attributes).toMatchObject({ 'exception.message': 'Forbidden resource' });
  });

  it('records a WsException the handler throws as ERROR with an exception event', async () => {
    const client = await connect();
    client.send('order.cancel');
    const span = await exporter.waitFor('OrdersGateway order.cancel');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'order already shipped' });
    expect(span.attributes['error.type']).toBe('WsException');
    const events = span.events.filter((event) => event.name === 'exception');
    expect(events).toHaveLength(1);
    expect(events[0].attributes).toMatchObject({ 'exception.message': 'order already shipped' });
    expect(events[0].attributes?.['exception.stacktrace']).toContain('OrdersGateway.cancel');
  });

  it('records the error an async handler rejects with when its promise settles', async () => {
    const client = await connect();
    client.send('order.crash');
    const span = await exporter.waitFor('OrdersGateway order.crash');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ledger is down' });
    expect(span.attributes['error.type']).toBe('TypeError');
  });

  it('ends the span of an async handler when its promise settles, after the work it awaited', async () => {
    const client = await connect();
    const reply = client.reply('saved');
    client.send('order.save', { entry: 7 });
    expect(await reply).toEqual([7]);
    const span = await exporter.waitFor('OrdersGateway order.save');
    const record = exporter.find('Ledger.record')!;
    expect(record.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(record.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(endOrder(span)).toBeGreaterThan(endOrder(record));
  });

  it('ends the span of an Observable result when the stream completes', async () => {
    const client = await connect();
    const ticks = client.reply('tick', 3);
    client.send('order.watch');
    expect(await ticks).toEqual([0, 1, 2]);
    const span = await exporter.waitFor('OrdersGateway order.watch');
    const records = exporter.findAll('Ledger.record');
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
      expect(endOrder(span)).toBeGreaterThan(endOrder(record));
    }
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it.each([
    ['before', 'traced-first', 'OrdersGateway.tracedFirst'],
    ['after', 'traced-last', 'OrdersGateway.tracedLast'],
  ])('keeps the handler metadata with @Traced %s @SubscribeMessage and @UseGuards', async (_, name, tracedName) => {
    const client = await connect();
    const reply = client.reply(name);
    client.send(`order.${name}`);
    expect(await reply).toEqual([true]);
    const span = await exporter.waitFor(`OrdersGateway order.${name}`);
    const traced = await exporter.waitFor(tracedName);
    expect(guardSawSpans).toEqual([span.spanContext().spanId]);
    expect(traced.parentSpanContext?.spanId).toBe(span.spanContext().spanId);
  });

  it('makes no span for connecting and disconnecting', async () => {
    const quiet = await connect(TRACEPARENT);
    quiet.close();
    const client = await connect();
    const reply = client.reply('order');
    client.send('order.get', { id: 'o-6' });
    await reply;
    await exporter.waitFor('OrdersGateway order.get');
    expect(exporter.spans.map((span) => span.name)).toEqual(['OrdersGateway order.get']);
  });
});

describe('socket.io over long-polling', () => {
  const exporter = new TestSpanExporter();
  const OrdersGateway = ordersGateway({});
  let app: INestApplication;
  let socket: Socket;

  afterAll(async () => {
    if (socket) {
      // Long-polling closes with one more HTTP request: let it finish before the server closes.
      const transport = socket.io.engine.transport;
      await new Promise<void>((resolve) => {
        transport.once('drain', () => resolve());
        socket.close();
      });
    }
    await app?.close();
  });

  it('gives a message its own root span, not a child of the polling request, and ignored polls make no span', async () => {
    @Module({
      imports: [TracingModule.forRoot({ serviceName: 'orders', exporter, http: { ignorePaths: ['/socket.io/'] } })],
      providers: [OrdersGateway, Ledger],
    })
    class OrdersModule {}
    app = await NestFactory.create(OrdersModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    socket = io(`http://127.0.0.1:${port}`, { transports: ['polling'], forceNew: true, reconnection: false });
    const reply = new Promise((resolve) => socket.once('order', resolve));
    socket.emit('order.get', { id: 'o-9' });
    expect(await reply).toEqual({ id: 'o-9', status: 'placed' });
    const span = await exporter.waitFor('OrdersGateway order.get');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.attributes).toMatchObject({ 'network.protocol.name': 'http', 'nestjs_tracing.websocket.namespace': '/' });
    expect(exporter.spans.map((exported) => exported.name)).toEqual(['OrdersGateway order.get']);
  });
});

describe('after the last app with gateways closed', () => {
  it("has put Nest's gateway methods back as they were", () => {
    expect(internals.map(([Class, name]) => (Class.prototype as Record<string, unknown>)[name])).toEqual(originals);
  });
});
