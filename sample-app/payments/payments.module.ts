import { DynamicModule, Module } from '@nestjs/common';
import { GrpcOptions, Transport } from '@nestjs/microservices';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { PAYMENTS_PACKAGE, paymentsProtoPath } from './payments.contract';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({ controllers: [PaymentsController], providers: [PaymentsService] })
export class PaymentsModule {
  static forRoot(exporter: SampleExporter = 'console'): DynamicModule {
    return { module: PaymentsModule, imports: [TracingModule.forRoot({ serviceName: 'payments', exporter })] };
  }
}

/** Nest's gRPC transport serving `shop.v1.Payments` on `target` (`host:port`). */
export function paymentsGrpcServer(target: string): GrpcOptions {
  return { transport: Transport.GRPC, options: { url: target, package: PAYMENTS_PACKAGE, protoPath: paymentsProtoPath() } };
}
