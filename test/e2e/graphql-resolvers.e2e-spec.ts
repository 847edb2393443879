import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from 'nestjs-tracing/testing';
import { RunningApp } from '../support/http-apps';
import { GRAPHQL_SERVERS, postGraphql, startGraphqlApp } from '../support/graphql-apps';
import { ORDER_RESOLVERS } from '../support/graphql-orders';

const GET_ORDER = 'query GetOrder($id: ID!) { order(id: $id) { id status itemCount items { sku quantity } } }';
const LIST_ORDERS = 'query ListOrders { orders(count: 100) { id status itemCount items { sku quantity } } }';

const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe.each(GRAPHQL_SERVERS)('GraphQL resolver spans with %s on %s', (driver, platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp(driver, platform, ORDER_RESOLVERS);
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  it('gives resolvers that do async work an INTERNAL span with the field, its parent type and path; trivial ones none', async () => {
    // Twice: a resolver returning a Promise without being `async` is known so from its first call on.
    for (const id of ['1', '2']) {
      const response = await postGraphql(running.url, GET_ORDER, { id }, 'GetOrder');
      expect(response.body.errors).toBeUndefined();
    }
    const servers = await running.exporter.waitForAll('query GetOrder', 2);
    for (const server of servers) {
      const traceId = server.spanContext().traceId;
      const inTrace = running.exporter.spans.filter((span) => span.spanContext().traceId === traceId);
      expect(inTrace.map((span) => span.name).sort()).toEqual(['Order.items', 'Query.order', 'query GetOrder', 'store.find']);
      const order = inTrace.find((span) => span.name === 'Query.order')!;
      expect(order.kind).toBe(SpanKind.INTERNAL);
      expect(order.parentSpanContext?.spanId).toBe(idOf(server));
      expect(order.attributes).toEqual({
        'graphql.field.name': 'order',
        'graphql.parent.type': 'Query',
        'graphql.field.type': 'Order',
        'graphql.field.path': 'order',
      });
      const items = inTrace.find((span) => span.name === 'Order.items')!;
      expect(items.attributes).toMatchObject({ 'graphql.field.name': 'items', 'graphql.parent.type': 'Order', 'graphql.field.path': 'order.items' });
      expect([idOf(server), idOf(order)]).toContain(items.parentSpanContext?.spanId);
    }
    // Once known async, the resolver's span is active while it runs: its own calls are inside it.
    const second = servers[1];
    const order = running.exporter.find({ name: 'Query.order', parent: second })!;
    expect(running.exporter.find('store.find') && running.exporter.findAll('store.find').some((span) => span.parentSpanContext?.spanId === idOf(order))).toBe(true);
  });

  it('keeps a resolver-heavy list query to one span per async resolver call: 100 orders make 102 spans', async () => {
    await postGraphql(running.url, LIST_ORDERS);
    const server = await running.exporter.waitFor('query ListOrders');
    const inTrace = running.exporter.spans.filter((span) => span.spanContext().traceId === server.spanContext().traceId);
    const count = (name: string) => inTrace.filter((span) => span.name === name).length;
    expect(count('Query.orders')).toBe(1);
    expect(count('Order.items')).toBe(100);
    expect(count('Order.itemCount')).toBe(0);
    expect(inTrace.length).toBe(102);
    expect(inTrace.find((span) => span.attributes['graphql.field.path'] === 'orders.42.items')).toBeDefined();
  });

  it('records a resolver that rejects as ERROR with its exception', async () => {
    await postGraphql(running.url, 'query Broken { brokenOrder { id } }');
    const span = await running.exporter.waitFor('Query.brokenOrder');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'inventory unavailable' });
    expect(span.events.some((event) => event.name === 'exception')).toBe(true);
  });

  it('keeps @Traced resolvers working and their own span, whatever the order of the decorators', async () => {
    const response = await postGraphql(running.url, 'query Greet { tracedAbove(name: "ada") tracedBelow(name: "bob") }');
    expect(response.body).toEqual({ data: { tracedAbove: 'hello ada', tracedBelow: 'hi bob' } });
    const server = await running.exporter.waitFor('query Greet');
    const above = await running.exporter.waitFor('greeting.above');
    const below = await running.exporter.waitFor('greeting.below');
    expect(above.parentSpanContext?.spanId).toBe(idOf(server));
    expect(below.parentSpanContext?.spanId).toBe(idOf(server));
    // Not doubled by a resolver span.
    expect(running.exporter.find('Query.tracedAbove')).toBeUndefined();
    expect(running.exporter.find('Query.tracedBelow')).toBeUndefined();
  });

  it('traces the resolvers of a request-scoped class too', async () => {
    for (let round = 0; round < 2; round++) {
      const response = await postGraphql(running.url, 'query Scoped { scoped }');
      expect(response.body).toEqual({ data: { scoped: 'request' } });
    }
    const spans = await running.exporter.waitForAll('Query.scoped', 2);
    const servers = running.exporter.findAll('query Scoped');
    expect(spans.map((span) => span.parentSpanContext?.spanId).sort()).toEqual(servers.map(idOf).sort());
  });

  it('keeps @Traced field resolvers working, written above or below @ResolveField', async () => {
    const response = await postGraphql(running.url, 'query Labels { order(id: "5") { summary label } }');
    expect(response.body).toEqual({ data: { order: { summary: 'order 5: PLACED', label: '#5' } } });
    const server = await running.exporter.waitFor('query Labels');
    const inTrace = (name: string) => running.exporter.findAll(name).filter((span) => span.spanContext().traceId === server.spanContext().traceId);
    expect(inTrace('order.summary')).toHaveLength(1);
    expect(inTrace('order.label')).toHaveLength(1);
    expect(inTrace('Order.summary')).toHaveLength(0);
    expect(inTrace('Order.label')).toHaveLength(0);
  });
});

describe.each([
  // Every Nest resolver: Query.orders, 100 Order.items, 100 Order.itemCount, and the request.
  ['all', 202],
  ['none', 1],
] as const)('GraphQL resolverSpans: %s', (mode, expected) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp('apollo', 'express', ORDER_RESOLVERS, { graphql: { resolverSpans: mode } });
  });
  afterAll(() => running.app.close());

  it(`makes ${expected} span(s) for the 100-order list`, async () => {
    await postGraphql(running.url, LIST_ORDERS);
    const server = await running.exporter.waitFor('query ListOrders');
    const inTrace = running.exporter.spans.filter((span) => span.spanContext().traceId === server.spanContext().traceId);
    expect(inTrace.length).toBe(expected);
  });
});
