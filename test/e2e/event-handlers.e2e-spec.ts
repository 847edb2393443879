import { Controller, INestApplication, Injectable, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Traced, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';

/** Every handler run, as the handler saw it: to check each fires exactly once per event. */
const fired: string[] = [];

@Injectable()
class OrderHandlers {
  @OnEvent('order.placed')
  recordPlaced(order: { id: string }) {
    fired.push(`recordPlaced ${order.id}`);
  }

  @OnEvent('order.placed', { async: true })
  async notifyLater(order: { id: string }) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    fired.push(`notifyLater ${order.id}`);
  }

  @OnEvent('order.failed')
  refuse(order: { id: string }) {
    fired.push(`refuse ${order.id}`);
    throw new Error(`cannot refund ${order.id}`);
  }

  @OnEvent('order.checked', { promisify: true })
  async check(order: { id: string }) {
    fired.push(`check ${order.id}`);
    return order.id;
  }

  @OnEvent('order.strict', { suppressErrors: false })
  strict(order: { id: string }) {
    fired.push(`strict ${order.id}`);
    throw new Error('strict handler failed');
  }

  @OnEvent('payment.*')
  anyPayment(payment: { id: string }) {
    fired.push(`anyPayment ${payment.id}`);
  }

  @OnEvent(['stock', 'reserved'])
  reserved(item: { id: string }) {
    fired.push(`reserved ${item.id}`);
  }

  // @Traced above @OnEvent (applied last) and below it (applied first): metadata and spans both kept.
  @Traced()
  @OnEvent('audit.above')
  auditAbove(entry: { id: string }) {
    fired.push(`auditAbove ${entry.id}`);
  }

  @OnEvent('audit.below')
  @Traced()
  auditBelow(entry: { id: string }) {
    fired.push(`auditBelow ${entry.id}`);
  }
}

@Controller()
class OrdersController {
  constructor(private readonly events: EventEmitter2) {}

  @Post('orders')
  place() {
    this.events.emit('order.placed', { id: 'o-1' });
    return { id: 'o-1' };
  }
}

/** What Nest logged as errors (the emitter logs a suppressed handler error). */
const loggedErrors: string[] = [];
const logger = { log() {}, warn() {}, debug() {}, verbose() {}, error: (message: unknown) => void loggedErrors.push(String(message)) };

const firedFor = (id: string) => fired.filter((entry) => entry.endsWith(` ${id}`)).sort();

describe('@OnEvent handlers (@nestjs/event-emitter, a real EventEmitter2): each run a child span of the emitter', () => {
  const exporter = new TestSpanExporter();
  let app: INestApplication;
  let url: string;
  let events: EventEmitter2;

  beforeAll(async () => {
    @Module({
      imports: [TracingModule.forRoot({ serviceName: 'orders', exporter }), EventEmitterModule.forRoot({ wildcard: true })],
      controllers: [OrdersController],
      providers: [OrderHandlers],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    events = app.get(EventEmitter2);
  });

  afterAll(() => app?.close());

  beforeEach(() => {
    exporter.reset();
    fired.length = 0;
  });

  /** Emits inside a root span of the test's own, as any traced code would. */
  function emitInSpan<T>(name: string, emit: () => T): { result: T; parent: () => ReadableSpan } {
    const result = trace.getTracer('test').startActiveSpan(name, (span) => {
      try {
        return emit();
      } finally {
        span.end();
      }
    });
    return { result, parent: () => exporter.find(name)! };
  }

  it('runs sync and `async: true` handlers of an event emitted in a request as INTERNAL children of the request span', async () => {
    const response = await fetch(`${url}/orders`, { method: 'POST' });
    expect(response.status).toBe(201);
    const server = await exporter.waitFor('POST /orders');
    const [first, second] = await exporter.waitForAll('event order.placed', 2);
    for (const handler of [first, second]) {
      expect(handler.kind).toBe(SpanKind.INTERNAL);
      expect(handler.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
      expect(handler.spanContext().traceId).toBe(server.spanContext().traceId);
      expect(handler.status.code).toBe(SpanStatusCode.UNSET);
    }
    expect([first, second].map((span) => span.attributes).sort((a, b) => String(a['code.function.name']).localeCompare(String(b['code.function.name'])))).toEqual([
      { 'nestjs_tracing.event.name': 'order.placed', 'code.function.name': 'OrderHandlers.notifyLater' },
      { 'nestjs_tracing.event.name': 'order.placed', 'code.function.name': 'OrderHandlers.recordPlaced' },
    ]);
    expect(firedFor('o-1')).toEqual(['notifyLater o-1', 'recordPlaced o-1']);
  });

  it('marks the span of a handler that throws ERROR with the exception, though the emitter suppresses the error', async () => {
    const { result, parent } = emitInSpan('checkout', () => events.emit('order.failed', { id: 'o-2' }));
    expect(result).toBe(true);
    const handler = await exporter.waitFor('event order.failed');
    expect(handler.parentSpanContext?.spanId).toBe(parent().spanContext().spanId);
    expect(handler.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cannot refund o-2' });
    expect(handler.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([['exception', 'cannot refund o-2']]);
    expect(firedFor('o-2')).toEqual(['refuse o-2']);
    // Nest still handles the error its own way, once: the emitter's logger.
    await new Promise((resolve) => setImmediate(resolve));
    expect(loggedErrors.filter((message) => message.includes('cannot refund o-2'))).toEqual(['cannot refund o-2']);
  });

  it('traces `promisify: true` and `emitAsync` handlers until they settle, with the values they return', async () => {
    const { result, parent } = emitInSpan('check batch', () => events.emitAsync('order.checked', { id: 'o-3' }));
    await expect(result).resolves.toEqual(['o-3']);
    const handler = await exporter.waitFor('event order.checked');
    expect(handler.parentSpanContext?.spanId).toBe(parent().spanContext().spanId);
    expect(firedFor('o-3')).toEqual(['check o-3']);
  });

  it('lets an error through to emitAsync with `suppressErrors: false`, recorded on the span', async () => {
    const { result } = emitInSpan('strict batch', () => events.emitAsync('order.strict', { id: 'o-4' }));
    await expect(result).rejects.toThrow('strict handler failed');
    const handler = await exporter.waitFor('event order.strict');
    expect(handler.status).toEqual({ code: SpanStatusCode.ERROR, message: 'strict handler failed' });
    expect(firedFor('o-4')).toEqual(['strict o-4']);
  });

  it('names wildcard handlers by the pattern they declared, and array (namespaced) events joined by dots', async () => {
    events.emit('payment.captured', { id: 'p-1' });
    events.emit(['stock', 'reserved'], { id: 's-1' });
    const wildcard = await exporter.waitFor('event payment.*');
    expect(wildcard.attributes['nestjs_tracing.event.name']).toBe('payment.*');
    const namespaced = await exporter.waitFor('event stock.reserved');
    expect(namespaced.attributes['code.function.name']).toBe('OrderHandlers.reserved');
    // Emitted outside any span: each handler run is a new trace.
    expect(wildcard.parentSpanContext).toBeUndefined();
    expect(firedFor('p-1')).toEqual(['anyPayment p-1']);
    expect(firedFor('s-1')).toEqual(['reserved s-1']);
  });

  it.each([
    ['above', 'auditAbove'],
    ['below', 'auditBelow'],
  ])('keeps @OnEvent working with @Traced %s it: the handler fires once, its @Traced span a child of the handler span', async (position, method) => {
    const { parent } = emitInSpan(`audit ${position}`, () => events.emit(`audit.${position}`, { id: `a-${position}` }));
    const handler = await exporter.waitFor(`event audit.${position}`);
    const traced = await exporter.waitFor(`OrderHandlers.${method}`);
    expect(handler.parentSpanContext?.spanId).toBe(parent().spanContext().spanId);
    expect(traced.parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
    expect(exporter.findAll(`event audit.${position}`)).toHaveLength(1);
    expect(firedFor(`a-${position}`)).toEqual([`${method} a-${position}`]);
  });
});

