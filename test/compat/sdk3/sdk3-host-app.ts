// An app on OpenTelemetry JS 3.x (Node 22.15+, @opentelemetry/api 1.10) that registers its own
// tracer provider before Nest starts, as `@opentelemetry/sdk-node` users do: nestjs-tracing
// must record through that provider. Compiled against the 3.x packages installed beside it,
// so it is not part of the project's own type-check.
import 'reflect-metadata';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Controller, Get, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Traced, TracingModule } from 'nestjs-tracing';

const exporter = new InMemorySpanExporter();
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

@Injectable()
class OrdersService {
  @Traced()
  async find(id: string) {
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

@Module({ imports: [TracingModule.forRoot({ serviceName: 'orders' })], controllers: [OrdersController], providers: [OrdersService] })
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  if ((await fetch(`http://127.0.0.1:${port}/orders/7`)).status !== 200) throw new Error('GET /orders/7 failed');
  await new Promise((resolve) => setTimeout(resolve, 100)); // the SERVER span ends when the response closes
  await app.close();
  const spans = exporter.getFinishedSpans();
  const server = spans.find((span) => span.kind === SpanKind.SERVER && span.name === 'GET /orders/:id');
  const find = spans.find((span) => span.name === 'OrdersService.find');
  if (!server || !find || find.parentSpanContext?.spanId !== server.spanContext().spanId) {
    throw new Error(`expected GET /orders/:id > OrdersService.find through the host's 3.x provider, got ${JSON.stringify(spans.map((span) => span.name))}`);
  }
  console.log(`ok: ${spans.length} spans through the app's SDK 3.x TracerProvider on Node ${process.version}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
