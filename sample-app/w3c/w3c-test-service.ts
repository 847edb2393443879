import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TracingModule, TracingModuleOptions } from 'nestjs-tracing';
import { W3cTestController } from './w3c-test.controller';

/**
 * A Nest app set up as the README says, serving the W3C suite's test endpoint on 127.0.0.1
 * (`POST /test`). Off unless started: nothing else imports it.
 */
export async function startW3cTestService(
  options: TracingModuleOptions = { serviceName: 'w3c-test-service', exporter: 'none' },
  port = 0,
): Promise<{ app: INestApplication; url: string }> {
  @Module({ imports: [TracingModule.forRoot(options)], controllers: [W3cTestController] })
  class W3cTestModule {}
  const app = await NestFactory.create(W3cTestModule, { logger: false });
  await app.listen(port, '127.0.0.1');
  const { port: bound } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${bound}/test` };
}
