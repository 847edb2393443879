import { ClientProviderOptions, Transport } from '@nestjs/microservices';
import { withGrpcTracing } from 'nestjs-tracing';
import { PAYMENTS_PACKAGE, paymentsProtoPath } from '../payments/payments.contract';

/** DI token of the `ClientGrpc` that reaches payments. */
export const PAYMENTS_CLIENT = 'PAYMENTS';

/** The `ClientsModule` entry for payments: Nest's gRPC client, every call traced as a CLIENT span. */
export function paymentsGrpcClient(target: string): ClientProviderOptions {
  return withGrpcTracing({
    name: PAYMENTS_CLIENT,
    transport: Transport.GRPC,
    options: { url: target, package: PAYMENTS_PACKAGE, protoPath: paymentsProtoPath() },
  });
}
