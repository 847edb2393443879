import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { RunningApp } from '../support/http-apps';
import { GRAPHQL_SERVERS, postGraphql, startGraphqlApp } from '../support/graphql-apps';
import { ORDER_RESOLVERS } from '../support/graphql-orders';

const GET_ORDER = 'query GetOrder($id: ID!) { order(id: $id) { id status items { sku quantity } } }';

describe.each(GRAPHQL_SERVERS)('GraphQL operations with %s on %s', (driver, platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp(driver, platform, ORDER_RESOLVERS);
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  it('names the request SERVER span after the operation, with its type and name', async () => {
    const response = await postGraphql(running.url, GET_ORDER, { id: '7' }, 'GetOrder');
    expect(response.body).toEqual({ data: { order: { id: '7', status: 'PLACED', items: [{ sku: 'sku-7', quantity: 2 }] } } });
    const server = await running.exporter.waitFor('query GetOrder');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'GetOrder',
      'http.request.method': 'POST',
      'http.route': '/graphql',
      'http.response.status_code': 200,
    });
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes).not.toHaveProperty(['graphql.document']);
    expect(running.exporter.serverSpans).toHaveLength(1);
  });

  it('names a mutation after its operation too, the name found without operationName in the body', async () => {
    await postGraphql(running.url, 'mutation Cancel { cancelOrder(id: "3") { status } }');
    const server = await running.exporter.waitFor('mutation Cancel');
    expect(server.attributes).toMatchObject({ 'graphql.operation.type': 'mutation', 'graphql.operation.name': 'Cancel' });
  });

  it('keeps the HTTP name of an operation that has no name, with its type', async () => {
    await postGraphql(running.url, '{ order(id: "1") { id } }');
    const server = await running.exporter.waitFor({ kind: SpanKind.SERVER });
    expect(server.name).toBe('POST /graphql');
    expect(server.attributes['graphql.operation.type']).toBe('query');
    expect(server.attributes).not.toHaveProperty(['graphql.operation.name']);
  });

  it('marks an operation whose response has errors as ERROR, one event per error, though HTTP says 200', async () => {
    const response = await postGraphql(running.url, 'query Broken { brokenOrder { id } }');
    expect(response.status).toBe(200);
    expect(response.body.errors?.[0].message).toBe('inventory unavailable');
    const server = await running.exporter.waitFor('query Broken');
    expect(server.attributes['http.response.status_code']).toBe(200);
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'inventory unavailable' });
    const events = server.events.filter((event) => event.name === 'exception');
    expect(events).toHaveLength(1);
    expect(events[0].attributes).toMatchObject({
      'exception.type': 'GraphQLError',
      'exception.message': 'inventory unavailable',
      'graphql.error.path': 'brokenOrder',
    });
  });
});

describe.each(GRAPHQL_SERVERS)('GraphQL document with %s on %s', (driver, platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp(driver, platform, ORDER_RESOLVERS, { graphql: { recordDocument: true } });
  });
  afterAll(() => running.app.close());

  it('records the document with its literals removed and its variables by name only', async () => {
    const response = await postGraphql(running.url, 'query Mixed($id: ID!) { order(id: $id) { id } again: order(id: "secret-42") { status } }', {
      id: 'var-value-9',
    });
    expect(response.body.errors).toBeUndefined();
    const server = await running.exporter.waitFor('query Mixed');
    const document = String(server.attributes['graphql.document']);
    expect(document).toContain('order(id: $id)');
    expect(document).toContain('again: order(id: ?)');
    expect(document).not.toContain('secret-42');
    expect(JSON.stringify(server.attributes)).not.toContain('var-value-9');
  });
});

// Mercurius does not tell Nest about documents that fail validation: see the Mercurius case below.
describe.each(GRAPHQL_SERVERS.filter(([driver]) => driver === 'apollo'))('GraphQL validation errors with %s on %s', (driver, platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp(driver, platform, ORDER_RESOLVERS);
  });
  afterAll(() => running.app.close());

  it('records a validation error without the value the client sent, and still names the operation', async () => {
    const response = await postGraphql(running.url, 'query Bad($id: ID!) { order(id: $id) { id } }', { id: { secret: 'card-4242' } }, 'Bad');
    expect(response.body.errors?.[0].message).toContain('card-4242');
    const server = await running.exporter.waitFor({ kind: SpanKind.SERVER });
    expect(server.name).toBe('query Bad');
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    const messages = server.events.map((event) => String(event.attributes?.['exception.message']));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('got invalid value ?');
    expect(JSON.stringify(server.attributes) + JSON.stringify(server.events)).not.toContain('card-4242');
  });
});

describe('GraphQL validation errors with mercurius on fastify', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp('mercurius', 'fastify', ORDER_RESOLVERS);
  });
  afterAll(() => running.app.close());

  it('leaves a document that fails validation as the HTTP request it is (400), without the value sent', async () => {
    const response = await postGraphql(running.url, 'query Bad($id: ID!) { order(id: $id) { id } }', { id: { secret: 'card-4242' } }, 'Bad');
    expect(response.status).toBe(400);
    const server = await running.exporter.waitFor({ kind: SpanKind.SERVER });
    expect(server.name).toBe('POST /graphql');
    expect(server.attributes['http.response.status_code']).toBe(400);
    expect(JSON.stringify(server.attributes) + JSON.stringify(server.events)).not.toContain('card-4242');
  });
});
