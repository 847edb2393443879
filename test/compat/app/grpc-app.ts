// The gRPC app of the compatibility matrix: a hybrid Nest app whose HTTP handler calls its own
// gRPC server through Nest's ClientGrpc registered with withGrpcTracing. Run from a folder
// holding shop.proto; exits 1 unless one trace goes HTTP SERVER → gRPC CLIENT → gRPC SERVER →
// the @Traced handler.
import 'reflect-metadata';
import { Controller, Get, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientGrpc, ClientsModule, GrpcMethod, GrpcOptions, Transport } from '@nestjs/microservices';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { firstValueFrom, Observable } from 'rxjs';
import { Traced, TracingModule, withGrpcTracing } from 'nestjs-tracing';
import { SpanKind, TestSpanExporter } from 'nestjs-tracing/testing';

const PROTO = join(process.cwd(), 'shop.proto');

interface ChargeReply {
  id: string;
  status: string;
}
interface Payments {
  charge(request: { orderId: string; amount: number }): Observable<ChargeReply>;
}

@Injectable()
class Ledger {
  @Traced()
  async record(orderId: string): Promise<ChargeReply> {
    return { id: `ch-${orderId}`, status: 'ok' };
  }
}

@Controller()
class PaymentsController {
  constructor(private readonly ledger: Ledger) {}

  @GrpcMethod('Payments', 'Charge')
  charge(request: { orderId: string }) {
    return this.ledger.record(request.orderId);
  }
}

@Controller()
class CheckoutController implements OnModuleInit {
  private payments!: Payments;

  constructor(@Inject('PAYMENTS') private readonly client: ClientGrpc) {}

  onModuleInit(): void {
    this.payments = this.client.getService<Payments>('Payments');
  }

  @Get('checkout')
  checkout() {
    return firstValueFrom(this.payments.charge({ orderId: 'o-1', amount: 10 }));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const exporter = new TestSpanExporter();
  const target = `127.0.0.1:${await freePort()}`;
  const grpcOptions = { url: target, package: 'shop.v1', protoPath: PROTO };

  @Module({
    imports: [
      TracingModule.forRoot({ serviceName: 'shop', exporter }),
      ClientsModule.register([withGrpcTracing({ name: 'PAYMENTS', transport: Transport.GRPC, options: grpcOptions })]),
    ],
    controllers: [CheckoutController, PaymentsController],
    providers: [Ledger],
  })
  class ShopModule {}

  const app = await NestFactory.create(ShopModule, { logger: false });
  app.connectMicroservice<GrpcOptions>({ transport: Transport.GRPC, options: grpcOptions });
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}/checkout`);
  if (response.status !== 200) throw new Error(`GET /checkout answered ${response.status}`);

  const http = await exporter.waitFor({ kind: SpanKind.SERVER, name: 'GET /checkout' });
  const client = await exporter.waitFor({ kind: SpanKind.CLIENT, name: 'shop.v1.Payments/Charge', parent: http });
  const server = await exporter.waitFor({ kind: SpanKind.SERVER, name: 'shop.v1.Payments/Charge', parent: client });
  await exporter.waitFor({ name: 'Ledger.record', parent: server });
  await app.close();
  console.log(`ok: gRPC, ${exporter.spans.length} spans in trace ${http.spanContext().traceId}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
