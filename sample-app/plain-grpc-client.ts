import 'reflect-metadata';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { NestFactory } from '@nestjs/core';
import type { GrpcOptions } from '@nestjs/microservices';
import { randomBytes } from 'node:crypto';
import { resolvePort } from './free-port';
import { PAYMENTS_PACKAGE, PAYMENTS_SERVICE, paymentsProtoPath, type ChargeRequest, type Receipt } from './payments/payments.contract';
import { paymentsGrpcServer, PaymentsModule } from './payments/payments.module';
import { servicePort } from './service-ports';

/*
 * A caller that knows nothing of this library: a bare @grpc/grpc-js client that writes a W3C
 * `traceparent` into its Metadata by hand, as any other tracer would. The payments service
 * continues that trace: the printed trees carry the trace id sent here, and their root, the
 * gRPC SERVER span, has the caller's span as its (remote) parent.
 *
 *   npm run build && node dist/sample-app/plain-grpc-client.js
 */

type PaymentsStub = grpc.Client & {
  charge(request: ChargeRequest, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, reply: Receipt) => void): grpc.ClientUnaryCall;
};

function paymentsStub(target: string): PaymentsStub {
  const proto = grpc.loadPackageDefinition(protoLoader.loadSync(paymentsProtoPath()));
  const Payments = PAYMENTS_PACKAGE.split('.').reduce<any>((scope, name) => scope[name], proto)[PAYMENTS_SERVICE] as grpc.ServiceClientConstructor;
  return new Payments(target, grpc.credentials.createInsecure()) as unknown as PaymentsStub;
}

function charge(stub: PaymentsStub, request: ChargeRequest): Promise<string> {
  const traceparent = `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
  const metadata = new grpc.Metadata();
  metadata.set('traceparent', traceparent);
  console.log(`Charge ${JSON.stringify(request)}  traceparent: ${traceparent}`);
  return new Promise((resolve) => {
    stub.charge(request, metadata, (error, reply) =>
      resolve(error ? `→ ${grpc.status[error.code]} ${error.details}` : `→ OK ${JSON.stringify(reply)}`),
    );
  });
}

async function main(): Promise<void> {
  const target = `127.0.0.1:${await resolvePort(servicePort('paymentsGrpc'))}`;
  const payments = await NestFactory.createMicroservice<GrpcOptions>(PaymentsModule.forRoot('console'), {
    ...paymentsGrpcServer(target),
    logger: ['error', 'warn'],
  });
  await payments.listen();
  console.log(`payments grpc://${target}\n`);
  const stub = paymentsStub(target);
  try {
    for (const request of [
      { orderId: '2001', userId: '123', amount: 20 },
      { orderId: '2002', userId: '123', amount: 99.99 },
    ]) {
      console.log(await charge(stub, request));
    }
  } finally {
    stub.close();
    // A root whose parent is remote is held for a grace period; closing the app prints it now.
    await payments.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
