import { Controller, Get, Headers, Injectable } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import { Traced, TraceService } from 'nestjs-tracing';
import { RunningApp, startApp } from '../support/http-apps';

@Injectable()
class Inventory {
  constructor(private readonly trace: TraceService) {}

  @Traced()
  async check(sku: string) {
    this.trace.addEvent('low_stock', { 'product.sku': sku });
    this.trace.setAttributes({ 'product.sku': sku, 'inventory.count': 2 });
    if (sku === 'gone') this.trace.recordError(new Error('out of stock'));
    return sku !== 'gone';
  }

  /** Records the failure with a message of its own, then lets it fail the request. */
  @Traced()
  async reserve(sku: string) {
    const error = new Error(`no row for ${sku}`);
    this.trace.recordError(error, 'lookup failed');
    throw error;
  }
}

let baseUrl = '';

@Controller()
class ShopController {
  constructor(
    private readonly trace: TraceService,
    private readonly inventory: Inventory,
  ) {}

  @Get('checkout')
  async checkout() {
    const inStock = await this.inventory.check('456');
    // A call to another service made by hand: the headers carry the trace and the baggage.
    const downstream = await this.trace.withSpan(
      'call payments',
      async () => {
        const withBaggage = propagation.setBaggage(context.active(), propagation.createBaggage({ tenant: { value: 'acme' } }));
        const headers = this.trace.inject<Record<string, string>>({}, withBaggage);
        return (await fetch(`${baseUrl}/payments`, { headers })).json();
      },
      { kind: SpanKind.CLIENT },
    );
    return { inStock, traceId: this.trace.traceId, downstream };
  }

  @Get('payments')
  payments(@Headers('baggage') baggage: string) {
    return { baggage, traceId: this.trace.traceId, spanId: this.trace.spanId };
  }

  @Get('reserve')
  reserve() {
    return this.inventory.reserve('789');
  }

  @Get('sold-out')
  soldOut() {
    return this.inventory.check('gone');
  }
}

describe('TraceService in a real app', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp('express', { controllers: [ShopController], providers: [Inventory] });
    baseUrl = running.url;
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  it('acts on the active span and carries the trace across an outgoing call', async () => {
    const body = (await (await fetch(`${running.url}/checkout`)).json()) as {
      inStock: boolean;
      traceId: string;
      downstream: { baggage: string; traceId: string; spanId: string };
    };
    const checkout = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER && span.attributes[ATTR_URL_PATH] === '/checkout');
    const payments = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER && span.attributes[ATTR_URL_PATH] === '/payments');
    const call = running.exporter.find('call payments')!;
    const check = running.exporter.find('Inventory.check')!;

    expect(body.inStock).toBe(true);
    expect(body.traceId).toBe(checkout.spanContext().traceId);
    expect(check.parentSpanContext?.spanId).toBe(checkout.spanContext().spanId);
    expect(check.events.map((event) => [event.name, event.attributes])).toEqual([['low_stock', { 'product.sku': '456' }]]);
    expect(check.attributes).toMatchObject({ 'product.sku': '456', 'inventory.count': 2 });

    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.parentSpanContext?.spanId).toBe(checkout.spanContext().spanId);
    expect(payments.spanContext().traceId).toBe(checkout.spanContext().traceId);
    expect(payments.parentSpanContext?.spanId).toBe(call.spanContext().spanId);
    expect(body.downstream).toEqual({ baggage: 'tenant=acme', traceId: checkout.spanContext().traceId, spanId: payments.spanContext().spanId });
  });

  it('records an error on the active span without failing the request', async () => {
    const response = await fetch(`${running.url}/sold-out`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('false');
    const check = await running.exporter.waitFor('Inventory.check');
    expect(check.status).toEqual({ code: SpanStatusCode.ERROR, message: 'out of stock' });
    expect(check.events.map((event) => event.name)).toEqual(['low_stock', 'exception']);
  });

  it('records an error recorded by hand and then thrown once, with the message the user gave', async () => {
    const response = await fetch(`${running.url}/reserve`);
    expect(response.status).toBe(500);
    const reserve = await running.exporter.waitFor('Inventory.reserve');
    const server = await running.exporter.waitFor('GET /reserve');
    expect(reserve.status).toEqual({ code: SpanStatusCode.ERROR, message: 'lookup failed' });
    expect(reserve.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([['exception', 'no row for 789']]);
    // The server span records the error it saw escape the handler, once, with its own message.
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no row for 789' });
    expect(server.events.map((event) => event.name)).toEqual(['exception']);
  });
});
