import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_RPC_METHOD,
  ATTR_RPC_STATUS_CODE,
  ATTR_RPC_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { RunningServices, startServices } from '../../sample-app/start-services';

const EPHEMERAL = { orders: 0, users: 0, inventory: 0, payments: 0, paymentsGrpc: 0, notifications: 0 };
const CHARGE = 'shop.v1.Payments/Charge';

describe('sample app: an order across orders, users, inventory (HTTP), payments (gRPC) and notifications (TCP events)', () => {
  const exporter = new TestSpanExporter();
  let services: RunningServices;

  // Users runs on an embedded PostgreSQL, as with `npm start`: its first start creates the cluster.
  beforeAll(async () => {
    services = await startServices({ exporter, ports: EPHEMERAL, logger: false, databaseUrl: '' });
    // The stock job of orders runs every 3 s: kept quiet but in its own test, so each trace is checked alone.
    await services.stockReconciliation.pause();
  }, 120_000);
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
    // A paid order's event is handled after the response: its spans belong to this test.
    const traceId = root.spanContext().traceId;
    if (response.status === 201) await exporter.waitFor((span) => span.name === 'send_confirmation' && span.spanContext().traceId === traceId);
    return { status: response.status, root };
  }

  /** The one span of this trace named `name`, after checking it is a child of `parent`. */
  function childOf(parent: ReadableSpan, name: string, kind: SpanKind): ReadableSpan {
    const matches = exporter.childrenOf(parent).filter((span) => span.name === name);
    expect(matches.map((span) => span.name)).toEqual([name]);
    expect(matches[0].kind).toBe(kind);
    return matches[0];
  }

  /**
   * `client` (INTERNAL, a @Traced method calling plain `fetch`) → the fetch's CLIENT span, made
   * by TracingModule → the downstream service's SERVER span, its remote child.
   */
  function httpHop(processOrder: ReadableSpan, client: string, method: string, serverName: string, url: string) {
    const fetchSpan = childOf(childOf(processOrder, client, SpanKind.INTERNAL), method, SpanKind.CLIENT);
    expect(fetchSpan.attributes).toMatchObject({ [ATTR_HTTP_REQUEST_METHOD]: method, [ATTR_URL_FULL]: url, [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200 });
    // Recorded by the app that made the call, though four apps share the process.
    expect(fetchSpan.resource.attributes[ATTR_SERVICE_NAME]).toBe('orders');
    const server = childOf(fetchSpan, serverName, SpanKind.SERVER);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    return server;
  }

  /** PaymentsClient.charge (INTERNAL) → gRPC CLIENT span → gRPC SERVER span, in that order. */
  function paymentsHop(processOrder: ReadableSpan) {
    const method = childOf(processOrder, 'PaymentsClient.charge', SpanKind.INTERNAL);
    const client = childOf(method, CHARGE, SpanKind.CLIENT);
    const server = childOf(client, CHARGE, SpanKind.SERVER);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    for (const span of [client, server]) {
      expect(span.attributes).toMatchObject({ [ATTR_RPC_SYSTEM_NAME]: 'grpc', [ATTR_RPC_METHOD]: CHARGE });
    }
    const [host, port] = services.urls.paymentsGrpc.split(':');
    expect(client.attributes).toMatchObject({ [ATTR_SERVER_ADDRESS]: host, [ATTR_SERVER_PORT]: Number(port) });
    return { method, client, server };
  }

  it('keeps one trace, with correct parents, across the HTTP and gRPC SERVER spans of each service', async () => {
    const { status, root } = await placeOrder({ userId: '123', productId: '789', quantity: 2, amount: 25 });
    expect(status).toBe(201);
    expect(root.parentSpanContext).toBeUndefined();
    const traceId = root.spanContext().traceId;

    const processOrder = childOf(root, 'process_order', SpanKind.INTERNAL);
    expect(processOrder.attributes).toMatchObject({ 'order.id': expect.any(String), 'order.amount': 25 });
    expect(processOrder.events.map((event) => event.name)).toEqual(['validating_order', 'order_validated']);

    const usersServer = httpHop(processOrder, 'UsersClient.validate', 'POST', 'POST /users/:id/validate', `${services.urls.users}/users/123/validate`);
    const inventoryServer = httpHop(processOrder, 'InventoryClient.check', 'GET', 'GET /inventory/:productId', `${services.urls.inventory}/inventory/789?quantity=REDACTED`);
    for (const server of [usersServer, inventoryServer]) expect(server.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    const payments = paymentsHop(processOrder);
    expect(payments.method.attributes['order.id']).toBe(processOrder.attributes['order.id']);
    for (const span of [payments.client, payments.server]) {
      expect(span.attributes[ATTR_RPC_STATUS_CODE]).toBe('OK');
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }

    expect(exporter.serverSpans.map((span) => span.name).sort()).toEqual(['GET /inventory/:productId', 'POST /orders', 'POST /users/:id/validate', CHARGE]);
    expect(new Set(exporter.spans.map((span) => span.spanContext().traceId))).toEqual(new Set([traceId]));

    const validate = childOf(usersServer, 'UsersService.validate', SpanKind.INTERNAL);
    expect(validate.attributes['user.id']).toBe('123');
    const findById = childOf(validate, 'UsersRepository.findById', SpanKind.INTERNAL);
    const query = childOf(findById, 'SELECT users', SpanKind.CLIENT);
    expect(query.attributes).toMatchObject({
      [ATTR_DB_SYSTEM_NAME]: 'postgresql',
      'db.query.text': 'SELECT id, name, active FROM users WHERE id = $1',
      [ATTR_SERVER_ADDRESS]: '127.0.0.1',
    });
    expect(childOf(inventoryServer, 'InventoryService.check', SpanKind.INTERNAL).events).toEqual([]);
    const charge = childOf(payments.server, 'PaymentsService.charge', SpanKind.INTERNAL);
    expect(charge.attributes['order.amount']).toBe(25);
    expect(charge.status.code).toBe(SpanStatusCode.UNSET);

    // Four apps share one process and one exporter, but each records as its own service.
    const serviceOf = (span: ReadableSpan) => span.resource.attributes[ATTR_SERVICE_NAME];
    expect([root, processOrder, payments.method, payments.client].map(serviceOf)).toEqual(['orders', 'orders', 'orders', 'orders']);
    expect([usersServer, validate, findById, query].map(serviceOf)).toEqual(['users', 'users', 'users', 'users']);
    expect(serviceOf(inventoryServer)).toBe('inventory');
    expect([payments.server, charge].map(serviceOf)).toEqual(['payments', 'payments']);
  });

  it('continues the order\'s trace into notifications through the order.placed event over TCP, and into the @OnEvent handler of orders', async () => {
    const { status, root } = await placeOrder({ userId: '123', productId: '789', quantity: 2, amount: 25 });
    expect(status).toBe(201);
    const consumer = exporter.find('process order.placed')!;
    const processOrder = childOf(root, 'process_order', SpanKind.INTERNAL);
    const producer = childOf(processOrder, 'send order.placed', SpanKind.PRODUCER);
    expect(consumer.kind).toBe(SpanKind.CONSUMER);
    expect(consumer.parentSpanContext).toMatchObject({ spanId: producer.spanContext().spanId, isRemote: true });
    expect(consumer.spanContext().traceId).toBe(root.spanContext().traceId);
    for (const span of [producer, consumer]) expect(span.attributes).toMatchObject({ 'messaging.system': 'tcp', 'messaging.destination.name': 'order.placed' });
    const confirm = exporter.find('send_confirmation')!;
    expect(confirm.parentSpanContext?.spanId).toBe(consumer.spanContext().spanId);
    expect(confirm.attributes['order.id']).toBe(processOrder.attributes['order.id']);
    expect(consumer.resource.attributes[ATTR_SERVICE_NAME]).toBe('notifications');

    // The same event, in process (EventEmitter2): its handler a child of process_order.
    const handler = childOf(processOrder, 'event order.placed', SpanKind.INTERNAL);
    expect(handler.attributes).toEqual({ 'nestjs_tracing.event.name': 'order.placed', 'code.function.name': 'OrderPlacedHandler.countForReport' });
    expect(handler.status.code).toBe(SpanStatusCode.UNSET);
    expect(handler.resource.attributes[ATTR_SERVICE_NAME]).toBe('orders');
  });

  it('records the declined charge: FAILED_PRECONDITION on both gRPC spans, ERROR on the client side and on PaymentsService.charge', async () => {
    const { status, root } = await placeOrder({ userId: '123', productId: '456', quantity: 1, amount: 99.99 });
    expect(status).toBe(422);
    const processOrder = childOf(root, 'process_order', SpanKind.INTERNAL);

    const inventoryServer = httpHop(processOrder, 'InventoryClient.check', 'GET', 'GET /inventory/:productId', `${services.urls.inventory}/inventory/456?quantity=REDACTED`);
    const check = childOf(inventoryServer, 'InventoryService.check', SpanKind.INTERNAL);
    expect(check.attributes['product.id']).toBe('456');
    expect(check.events.map((event) => [event.name, event.attributes])).toEqual([['low_stock', { 'inventory.stock': 3 }]]);

    const { method, client, server } = paymentsHop(processOrder);
    expect(client.attributes).toMatchObject({ [ATTR_RPC_STATUS_CODE]: 'FAILED_PRECONDITION', [ATTR_ERROR_TYPE]: 'FAILED_PRECONDITION' });
    expect(client.status).toEqual({ code: SpanStatusCode.ERROR, message: 'insufficient balance' });
    // The caller's fault, not the server's: the code is recorded, the status left unset.
    expect(server.attributes[ATTR_RPC_STATUS_CODE]).toBe('FAILED_PRECONDITION');
    // An array path: a dotted string would be read as nested properties and never match.
    expect(server.attributes).not.toHaveProperty([ATTR_ERROR_TYPE]);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);

    const charge = childOf(server, 'PaymentsService.charge', SpanKind.INTERNAL);
    expect(charge.attributes['order.amount']).toBe(99.99);
    expect(charge.status).toEqual({ code: SpanStatusCode.ERROR, message: 'insufficient balance' });
    expect(charge.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('insufficient balance');

    // Orders turns the gRPC status into its own 422.
    expect(method.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment declined: insufficient balance' });
    expect(processOrder.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(422);
    expect(new Set(exporter.spans.map((span) => span.spanContext().traceId)).size).toBe(1);
  });

  it('runs the reconcile stock @Cron of orders as a root trace that asks inventory over HTTP', async () => {
    services.stockReconciliation.resume();
    try {
      const run = await exporter.waitFor('reconcile stock', 5000);
      expect(run.parentSpanContext).toBeUndefined();
      expect(run.kind).toBe(SpanKind.INTERNAL);
      expect(run.attributes).toMatchObject({ 'nestjs_tracing.job.type': 'cron', 'nestjs_tracing.job.schedule.cron': '*/3 * * * * *', 'code.function.name': 'StockReconciliation.reconcile' });
      const inventoryServer = await exporter.waitFor({ name: 'GET /inventory/:productId', kind: SpanKind.SERVER });
      httpHop(run, 'InventoryClient.check', 'GET', 'GET /inventory/:productId', `${services.urls.inventory}/inventory/789?quantity=REDACTED`);
      expect(inventoryServer.spanContext().traceId).toBe(run.spanContext().traceId);
    } finally {
      await services.stockReconciliation.pause();
    }
  });

  it('reads a placed order back over GraphQL: the request span is named after the operation, its resolver inside', async () => {
    // Over the user's balance: declined, whichever tests ran before.
    const { status, root } = await placeOrder({ userId: '123', productId: '789', quantity: 2, amount: 99.99 });
    expect(status).toBe(422);
    const placedId = String(childOf(root, 'process_order', SpanKind.INTERNAL).attributes['order.id']);
    exporter.reset();
    const response = await fetch(`${services.urls.orders}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'query GetOrder($id: ID!) { order(id: $id) { id status items { sku quantity } } }',
        variables: { id: placedId },
        operationName: 'GetOrder',
      }),
    });
    expect(await response.json()).toEqual({ data: { order: { id: placedId, status: 'declined', items: [{ sku: '789', quantity: 2 }] } } });
    const operation = await exporter.waitFor((span) => span.name === 'query GetOrder');
    expect(operation.kind).toBe(SpanKind.SERVER);
    expect(operation.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'GetOrder', [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200 });
    expect(operation.resource.attributes[ATTR_SERVICE_NAME]).toBe('orders');
    const resolver = childOf(operation, 'Query.order', SpanKind.INTERNAL);
    expect(resolver.attributes['graphql.field.path']).toBe('order');
  });
});
