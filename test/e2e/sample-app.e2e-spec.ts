import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_DB_SYSTEM_NAME, ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { RunningServices, startServices } from '../../sample-app/start-services';

const EPHEMERAL = { orders: 0, users: 0, inventory: 0, payments: 0 };

describe('sample app: an order across orders, users, inventory and payments', () => {
  const exporter = new TestSpanExporter();
  let services: RunningServices;

  beforeAll(async () => {
    services = await startServices({ exporter, ports: EPHEMERAL, logger: false });
  });
  afterAll(() => services.close());
  beforeEach(() => exporter.reset());

  async function placeOrder(order: object): Promise<{ status: number; root: ReadableSpan }> {
    const response = await fetch(`${services.urls.orders}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    await response.text();
    const root = await exporter.waitFor((span) => span.name === 'POST /orders' && span.kind === SpanKind.SERVER);
    return { status: response.status, root };
  }

  /** The one span of this trace named `name`, after checking it is a child of `parent`. */
  function childOf(parent: ReadableSpan, name: string, kind: SpanKind): ReadableSpan {
    const matches = exporter.childrenOf(parent).filter((span) => span.name === name);
    expect(matches.map((span) => span.name)).toEqual([name]);
    expect(matches[0].kind).toBe(kind);
    return matches[0];
  }

  it('keeps one trace, with correct parents, from the orders SERVER span to each service it calls', async () => {
    const { status, root } = await placeOrder({ userId: '123', productId: '789', quantity: 2, amount: 25 });
    expect(status).toBe(201);
    expect(root.parentSpanContext).toBeUndefined();
    const traceId = root.spanContext().traceId;

    const processOrder = childOf(root, 'process_order', SpanKind.INTERNAL);
    expect(processOrder.attributes).toMatchObject({ 'order.id': expect.any(String), 'order.amount': 25 });
    expect(processOrder.events.map((event) => event.name)).toEqual(['validating_order', 'order_validated']);

    const usersServer = childOf(childOf(processOrder, 'UsersClient.validate', SpanKind.CLIENT), 'POST /users/:id/validate', SpanKind.SERVER);
    const inventoryServer = childOf(childOf(processOrder, 'InventoryClient.check', SpanKind.CLIENT), 'GET /inventory/:productId', SpanKind.SERVER);
    const paymentsServer = childOf(childOf(processOrder, 'PaymentsClient.charge', SpanKind.CLIENT), 'POST /payments/charge', SpanKind.SERVER);
    for (const server of [usersServer, inventoryServer, paymentsServer]) {
      expect(server.parentSpanContext?.isRemote).toBe(true);
      expect(server.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    }
    const servers = exporter.serverSpans;
    expect(servers.map((span) => span.name).sort()).toEqual(['GET /inventory/:productId', 'POST /orders', 'POST /payments/charge', 'POST /users/:id/validate']);
    expect(new Set(exporter.spans.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));

    const validate = childOf(usersServer, 'UsersService.validate', SpanKind.INTERNAL);
    expect(validate.attributes['user.id']).toBe('123');
    const query = childOf(validate, 'SELECT users', SpanKind.CLIENT);
    expect(query.attributes[ATTR_DB_SYSTEM_NAME]).toBe('sqlite');
    expect(childOf(inventoryServer, 'InventoryService.check', SpanKind.INTERNAL).events).toEqual([]);
    expect(childOf(paymentsServer, 'PaymentsService.charge', SpanKind.INTERNAL).status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records low stock as an event and the declined charge as an ERROR on PaymentsService.charge', async () => {
    const { status, root } = await placeOrder({ userId: '123', productId: '456', quantity: 1, amount: 99.99 });
    expect(status).toBe(422);
    const processOrder = childOf(root, 'process_order', SpanKind.INTERNAL);

    const inventoryServer = childOf(childOf(processOrder, 'InventoryClient.check', SpanKind.CLIENT), 'GET /inventory/:productId', SpanKind.SERVER);
    const check = childOf(inventoryServer, 'InventoryService.check', SpanKind.INTERNAL);
    expect(check.attributes['product.id']).toBe('456');
    expect(check.events.map((event) => [event.name, event.attributes])).toEqual([['low_stock', { 'inventory.stock': 3 }]]);

    const paymentsClient = childOf(processOrder, 'PaymentsClient.charge', SpanKind.CLIENT);
    const paymentsServer = childOf(paymentsClient, 'POST /payments/charge', SpanKind.SERVER);
    expect(paymentsServer.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(402);
    const charge = childOf(paymentsServer, 'PaymentsService.charge', SpanKind.INTERNAL);
    expect(charge.attributes['order.amount']).toBe(99.99);
    expect(charge.status).toEqual({ code: SpanStatusCode.ERROR, message: 'insufficient balance' });
    expect(charge.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('insufficient balance');

    expect(paymentsClient.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment declined: insufficient balance' });
    expect(processOrder.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(422);
    expect(new Set(exporter.spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  });
});
