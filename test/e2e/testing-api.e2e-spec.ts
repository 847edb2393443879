import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ConsoleTreeExporter, Traced, TraceService } from 'nestjs-tracing';
import { ReadableSpan, SpanKind, SpanStatusCode, TestSpanExporter, TracingTestingModule, useTestTracing } from 'nestjs-tracing/testing';

@Injectable()
class OrdersService {
  constructor(private readonly trace: TraceService) {}

  @Traced()
  async find(id: string) {
    this.trace.addEvent('cache_miss', { 'order.id': id });
    if (id === 'lost') throw new Error('order lost');
    return { id };
  }
}

@Controller()
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get('orders/:id')
  get(@Param('id') id: string) {
    return this.orders.find(id);
  }

  @Get('health')
  health() {
    return this.orders.find('health');
  }
}

async function fastifyApp(module: ReturnType<typeof TracingTestingModule.forRoot>): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module], controllers: [OrdersController], providers: [OrdersService] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** A span with a parent: what the type guard narrows `find`/`waitFor` results to. */
type ChildSpan = ReadableSpan & { parentSpanContext: NonNullable<ReadableSpan['parentSpanContext']> };
const isChild = (span: ReadableSpan): span is ChildSpan => span.parentSpanContext !== undefined;

describe('nestjs-tracing/testing with Fastify app.inject() (no socket)', () => {
  const tracing = useTestTracing({ serviceName: 'orders', http: { ignorePaths: ['/health'] } });
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await fastifyApp(tracing.module());
  });
  afterAll(() => app.close());

  it('gives an injected request its SERVER span, with the @Traced call as its child', async () => {
    const response = await app.inject({ method: 'GET', url: '/orders/7', headers: { 'user-agent': 'jest' } });
    expect(response.statusCode).toBe(200);

    const server = await tracing.exporter.waitFor({ kind: SpanKind.SERVER, attributes: { 'url.path': '/orders/7' } });
    expect(server.name).toBe('GET /orders/:id');
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.attributes).toMatchObject({ 'http.route': '/orders/:id', 'http.response.status_code': 200, 'user_agent.original': 'jest' });
    const child: ChildSpan = await tracing.exporter.waitFor(isChild);
    expect(child.name).toBe('OrdersService.find');
    expect(child.parentSpanContext.spanId).toBe(server.spanContext().spanId);
    expect(tracing.exporter.childrenOf(server)).toEqual([child]);
    expect(server.resource.attributes['service.name']).toBe('orders');
  });

  it('shows each test only its own spans (reset before each)', async () => {
    expect(tracing.exporter.spans).toEqual([]);
    await app.inject({ method: 'GET', url: '/orders/lost' });
    const server = await tracing.exporter.waitFor({ name: 'GET /orders/:id', status: SpanStatusCode.ERROR });
    expect(server.attributes['http.response.status_code']).toBe(500);
    expect(server.status.message).toBe('order lost');
    const find = tracing.exporter.find({ name: /^OrdersService\./, parent: server })!;
    expect(find.events.map((event) => event.name)).toEqual(['cache_miss', 'exception']);
  });

  it('leaves ignored paths untraced, their @Traced calls too', async () => {
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/orders/8' });
    await tracing.exporter.waitForAll({ attributes: { 'url.path': '/orders/8' } }, 1);
    expect(tracing.exporter.findAll({ name: 'OrdersService.find' })).toHaveLength(1);
    expect(tracing.exporter.spans.some((span) => span.attributes['url.path'] === '/health')).toBe(false);
  });

  it('draws the spans as the console exporter does', async () => {
    await app.inject({ method: 'GET', url: '/orders/9' });
    const server = await tracing.exporter.waitFor('GET /orders/:id');
    const traceId = server.spanContext().traceId;
    const tree = tracing.exporter.tree(traceId);
    expect(tree.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^GET /orders/:id  ${traceId}  [\\d.]+ms  \\[200\\]$`)),
      expect.stringMatching(/^└── OrdersService\.find  [\d.]+ms$/),
      '    └── event: cache_miss',
    ]);
    // The very picture the console exporter prints for the same spans.
    let printed = '';
    const console = new ConsoleTreeExporter({ write: (text) => (printed += text) });
    console.export(tracing.exporter.spans, () => undefined);
    await console.forceFlush();
    expect(tree).toBe(printed);
  });

  it('names what it waited for when no span comes', async () => {
    await expect(tracing.exporter.waitFor({ name: 'never', kind: SpanKind.CLIENT }, 50)).rejects.toThrow(
      /Expected 1 span\(s\) matching \{"name":"never","kind":2\}, found 0; finished: \[\]/,
    );
  });
});

describe('TracingTestingModule.forRoot alone', () => {
  it('provides its exporter for app.get', async () => {
    const app = await fastifyApp(TracingTestingModule.forRoot());
    try {
      await app.inject({ method: 'GET', url: '/orders/1' });
      const exporter = app.get(TestSpanExporter);
      expect((await exporter.waitFor('GET /orders/:id')).kind).toBe(SpanKind.SERVER);
    } finally {
      await app.close();
    }
  });
});
