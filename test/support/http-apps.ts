import { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TestSpanExporter, TracingTestingModule, TracingTestingOptions } from 'nestjs-tracing/testing';
import { Module } from '@nestjs/common';

export type Platform = 'express' | 'fastify';
export const PLATFORMS: Platform[] = ['express', 'fastify'];

export interface RunningApp {
  app: INestApplication;
  url: string;
  exporter: TestSpanExporter;
}

/** Boots a real Nest app with TracingModule on 127.0.0.1 and an ephemeral port. */
export async function startApp(
  platform: Platform,
  metadata: ModuleMetadata,
  options: TracingTestingOptions = {},
  exporter = new TestSpanExporter(),
): Promise<RunningApp> {
  @Module({
    ...metadata,
    imports: [TracingTestingModule.forRoot({ serviceName: 'test-app', ...options, exporter }), ...(metadata.imports ?? [])],
  })
  class TestAppModule {}
  const adapter = platform === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(TestAppModule as Type, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${address.port}`, exporter };
}
