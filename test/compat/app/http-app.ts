// The HTTP app of the compatibility matrix (test/compat/run-matrix.js): a user's app built
// against the packed nestjs-tracing, compiled once as CommonJS (`module: commonjs`, no
// moduleResolution, skipLibCheck off, no gRPC packages installed) and once as ESM (`nodenext`,
// `"type": "module"`). Run as `node http-app.js express|fastify`; exits 1 unless the spans a
// user would look for were exported.
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanAttribute, Traced, TraceService, TracingModule } from 'nestjs-tracing';
import { ReadableSpan, SpanKind, SpanStatusCode, TestSpanExporter } from 'nestjs-tracing/testing';

@Injectable()
class OrdersService {
  constructor(private readonly trace: TraceService) {}

  @Traced()
  async find(@SpanAttribute('order.id') id: string) {
    this.trace.addEvent('cache_miss');
    if (id === 'lost') {
      const error = new Error('no such order');
      this.trace.recordError(error, 'lookup failed');
      throw error;
    }
    return { id };
  }
}

@Controller('orders')
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.orders.find(id);
  }
}

const exporter = new TestSpanExporter();

@Module({ imports: [TracingModule.forRoot({ serviceName: 'orders', exporter })], controllers: [OrdersController], providers: [OrdersService] })
class AppModule {}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`${what}; spans:\n${exporter.tree()}`);
}

/** The request's SERVER span with its @Traced child, as a user checks them. */
async function checkTrace(path: string, status: number): Promise<ReadableSpan> {
  const server = await exporter.waitFor({ kind: SpanKind.SERVER, attributes: { 'url.path': path } });
  const find = await exporter.waitFor({ name: 'OrdersService.find', parent: server });
  check(server.name === 'GET /orders/:id', `server span named ${server.name}`);
  check(server.attributes['http.response.status_code'] === status, `status ${String(server.attributes['http.response.status_code'])}`);
  check(find.attributes['order.id'] === path.split('/').pop(), 'order.id recorded');
  return find;
}

async function createApp(platform: string): Promise<INestApplication> {
  if (platform !== 'fastify') return NestFactory.create(AppModule, { logger: false });
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  return NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
}

async function main(): Promise<void> {
  const platform = process.argv[2] ?? 'express';
  const app = await createApp(platform);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  check((await fetch(`http://127.0.0.1:${port}/orders/7`)).status === 200, 'GET /orders/7 answered 200');
  await checkTrace('/orders/7', 200);

  check((await fetch(`http://127.0.0.1:${port}/orders/lost`)).status === 500, 'GET /orders/lost answered 500');
  const failed = await checkTrace('/orders/lost', 500);
  check(failed.status.code === SpanStatusCode.ERROR && failed.status.message === 'lookup failed', 'status message is the one given');
  check(failed.events.filter((event) => event.name === 'exception').length === 1, 'one exception event');

  if (platform === 'fastify') {
    const injected = await (app as unknown as { inject(request: object): Promise<{ statusCode: number }> }).inject({ method: 'GET', url: '/orders/8' });
    check(injected.statusCode === 200, 'inject answered 200');
    await checkTrace('/orders/8', 200);
  }
  await app.close();
  console.log(`ok: ${platform}, ${typeof require === 'function' ? 'CommonJS' : 'ESM'}, ${exporter.serverSpans.length} SERVER spans`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
