import { Controller, Get, INestApplication, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SpanAttribute, Traced, TraceService, TracingModule } from 'nestjs-tracing';
import { SpanKind as TestingSpanKind, useTestTracing } from 'nestjs-tracing/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OtlpCollector } from '../support/otlp-collector';
import { setEnv } from '../support/scoped-env';

// The README's quick start, as a user writes it: only the public API, configured by OTEL_*.
@Injectable()
export class UsersService {
  constructor(private readonly trace: TraceService) {}

  @Traced()
  async find(@SpanAttribute('user.id') id: string) {
    this.trace.addEvent('cache_miss');
    return { id, name: 'Ada' };
  }
}

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.users.find(id);
  }
}

@Module({
  imports: [TracingModule.forRoot({ serviceName: 'users' })],
  controllers: [UsersController],
  providers: [UsersService],
})
export class AppModule {}

async function startUserApp(): Promise<{ app: INestApplication; url: string }> {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}` };
}

describe('the README quick start, exported over OTLP/HTTP to a collector', () => {
  let collector: OtlpCollector;
  let restoreEnv: () => void;

  beforeEach(async () => {
    collector = await OtlpCollector.start();
    restoreEnv = setEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_TRACES_EXPORTER: undefined, // the default is otlp
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=test',
      OTEL_SERVICE_NAME: undefined,
      OTEL_BSP_SCHEDULE_DELAY: undefined,
    });
  });
  afterEach(async () => {
    restoreEnv();
    await collector.close();
  });

  it('sends the request trace, with resource, kinds, parents, attributes and event, when the app closes', async () => {
    const { app, url } = await startUserApp();
    const response = await fetch(`${url}/users/42`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '42', name: 'Ada' });
    await app.close();

    // close() flushed: the spans are at the collector by the time it resolves, not later.
    const spans = collector.spans;
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /users/:id', 'UsersService.find']);
    const server = spans.find((span) => span.name === 'GET /users/:id')!;
    const child = spans.find((span) => span.name === 'UsersService.find')!;

    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanId).toBeUndefined();
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/users/42',
      'url.scheme': 'http',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
    });

    expect(child.kind).toBe(SpanKind.INTERNAL);
    expect(child.traceId).toBe(server.traceId);
    expect(child.parentSpanId).toBe(server.spanId);
    expect(child.attributes).toEqual({ 'user.id': '42' });
    expect(child.events).toEqual([{ name: 'cache_miss', attributes: {} }]);

    for (const span of spans) {
      expect(span.resource).toMatchObject({
        'service.name': 'users',
        'deployment.environment.name': 'test',
        'telemetry.sdk.language': 'nodejs',
      });
      expect(span.scope.name).toBe('nestjs-tracing');
    }
    expect(collector.exports.map((received) => received.path)).toContain('/v1/traces');
    expect(collector.exports[0].headers['content-type']).toBe('application/x-protobuf');
  });

  it('sends spans on the batch timer while the app keeps running', async () => {
    process.env.OTEL_BSP_SCHEDULE_DELAY = '50'; // put back by restoreEnv
    const { app, url } = await startUserApp();
    try {
      expect((await fetch(`${url}/users/1`)).status).toBe(200);
      expect((await fetch(`${url}/users/2`)).status).toBe(200);
      const spans = await collector.waitForSpans((received) => received.length >= 4);
      const servers = spans.filter((span) => span.kind === SpanKind.SERVER);
      expect(servers.map((span) => span.attributes['url.path']).sort()).toEqual(['/users/1', '/users/2']);
      expect(new Set(servers.map((span) => span.traceId)).size).toBe(2);
      for (const server of servers) {
        const children = spans.filter((span) => span.parentSpanId === server.spanId);
        expect(children.map((span) => [span.name, span.traceId])).toEqual([['UsersService.find', server.traceId]]);
      }
    } finally {
      await app.close();
    }
  });
});

describe('the README testing example (nestjs-tracing/testing)', () => {
  @Module({ controllers: [UsersController], providers: [UsersService] })
  class UsersModule {}

  const tracing = useTestTracing({ serviceName: 'users' });
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [tracing.module(), UsersModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  it('records the user id under the request', async () => {
    await app.inject({ method: 'GET', url: '/users/42' }); // no socket needed
    const server = await tracing.exporter.waitFor({ kind: TestingSpanKind.SERVER, name: 'GET /users/:id' });
    const find = tracing.exporter.find({ name: 'UsersService.find', parent: server })!;
    expect(find.attributes['user.id']).toBe('42');
    expect(tracing.exporter.tree()).toMatch(/^GET \/users\/:id {2}[0-9a-f]{32} .*\n└── UsersService\.find .*\n {4}└── event: cache_miss\n$/);
  });
});
