// An HTTP-only Nest app as `nest new` lays it out (its tsconfig, with skipLibCheck off), using
// the packed nestjs-tracing: it must type-check without @grpc/grpc-js or @nestjs/microservices.
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TraceService, Traced, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';

@Controller('orders')
class OrdersController {
  constructor(private readonly trace: TraceService) {}

  @Get()
  @Traced()
  list(): string[] {
    this.trace.addEvent('listed');
    return [];
  }
}

const exporter = new TestSpanExporter();

@Module({ imports: [TracingModule.forRoot({ serviceName: 'orders', exporter })], controllers: [OrdersController] })
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const response = await fetch(`${await app.getUrl()}/orders`);
  if (response.status !== 200) throw new Error(`GET /orders answered ${response.status}`);
  const span = await exporter.waitFor('GET /orders');
  await app.close();
  console.log(`ok: ${span.name} with children ${exporter.childrenOf(span).map((child) => child.name).join(', ')}`);
}

void main();
