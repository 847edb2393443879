import { INestApplication, INestMicroservice, ModuleMetadata, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TestSpanExporter, TracingTestingModule, TracingTestingOptions } from 'nestjs-tracing/testing';

export const SHOP_PROTO = join(__dirname, '..', 'fixtures', 'proto', 'shop.proto');
export const SHOP_PACKAGE = 'shop.v1';

/** Nest's gRPC server does not report the port it bound, so take a free one first. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function grpcServerOptions(url: string): GrpcOptions {
  return { transport: Transport.GRPC, options: { url, package: SHOP_PACKAGE, protoPath: SHOP_PROTO } };
}

function testModule(metadata: ModuleMetadata, options: TracingTestingOptions, exporter: TestSpanExporter): Type {
  @Module({
    ...metadata,
    imports: [TracingTestingModule.forRoot({ serviceName: 'grpc-test', ...options, exporter }), ...(metadata.imports ?? [])],
  })
  class GrpcTestModule {}
  return GrpcTestModule;
}

export interface RunningHybridApp {
  app: INestApplication;
  /** HTTP base URL. */
  url: string;
  /** host:port of the gRPC server. */
  grpcTarget: string;
}

/** A hybrid Nest app on 127.0.0.1: HTTP on an ephemeral port and Nest's gRPC transport. */
export async function startHybridApp(
  metadata: ModuleMetadata,
  exporter: TestSpanExporter,
  options: TracingTestingOptions = {},
): Promise<RunningHybridApp> {
  const app = await NestFactory.create(testModule(metadata, options, exporter), { logger: false });
  const grpcTarget = `127.0.0.1:${await freePort()}`;
  // No inheritAppConfig: gRPC tracing must not depend on the app's global config.
  app.connectMicroservice<GrpcOptions>(grpcServerOptions(grpcTarget));
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://127.0.0.1:${port}`, grpcTarget };
}

/** A Nest gRPC microservice alone (no HTTP) on 127.0.0.1. */
export async function startGrpcMicroservice(
  metadata: ModuleMetadata,
  exporter: TestSpanExporter,
  options: TracingTestingOptions = {},
): Promise<{ app: INestMicroservice; grpcTarget: string }> {
  const grpcTarget = `127.0.0.1:${await freePort()}`;
  const app = await NestFactory.createMicroservice<GrpcOptions>(testModule(metadata, options, exporter), {
    ...grpcServerOptions(grpcTarget),
    logger: false,
  });
  await app.listen();
  return { app, grpcTarget };
}

export type PaymentsClient = grpc.Client & Record<string, (...args: any[]) => any>;

/** A plain @grpc/grpc-js client of shop.v1.Payments, without this library unless given interceptors. */
export function paymentsClient(target: string, interceptors: grpc.Interceptor[] = []): PaymentsClient {
  const definition = protoLoader.loadSync(SHOP_PROTO);
  const shop = grpc.loadPackageDefinition(definition) as any;
  return new shop.shop.v1.Payments(target, grpc.credentials.createInsecure(), { interceptors }) as PaymentsClient;
}

/** Calls a unary method and resolves with its reply or its error. */
export function unary<T>(client: PaymentsClient, method: string, request: object, metadata = new grpc.Metadata()): Promise<T> {
  return new Promise((resolve, reject) => {
    client[method](request, metadata, (error: grpc.ServiceError | null, reply: T) => (error ? reject(error) : resolve(reply)));
  });
}
