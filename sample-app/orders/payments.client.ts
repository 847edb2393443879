import { Inject, Injectable, OnModuleInit, UnprocessableEntityException } from '@nestjs/common';
import type { ClientGrpc } from '@nestjs/microservices';
import { status, type ServiceError } from '@grpc/grpc-js';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import { firstValueFrom } from 'rxjs';
import { PAYMENTS_SERVICE, type PaymentsGrpcService, type Receipt } from '../payments/payments.contract';
import type { Order } from './order';
import { PAYMENTS_CLIENT } from './payments-grpc.options';

export type { Receipt } from '../payments/payments.contract';

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as ServiceError).code === 'number';
}

/**
 * Everything orders knows about how payments is reached: gRPC, through Nest's client. The
 * gRPC interceptor makes the CLIENT span, so this method's span is INTERNAL. A declined charge
 * (FAILED_PRECONDITION) is a 422 for the caller; any other gRPC error stays a 500.
 */
@Injectable()
export class PaymentsClient implements OnModuleInit {
  private payments!: PaymentsGrpcService;

  constructor(@Inject(PAYMENTS_CLIENT) private readonly client: ClientGrpc) {}

  onModuleInit(): void {
    this.payments = this.client.getService<PaymentsGrpcService>(PAYMENTS_SERVICE);
  }

  @Traced()
  async charge(@SpanAttribute('order.id', (order: Order) => order.id) order: Order): Promise<Receipt> {
    try {
      return await firstValueFrom(this.payments.charge({ orderId: order.id, userId: order.userId, amount: order.amount }));
    } catch (error) {
      if (isServiceError(error) && error.code === status.FAILED_PRECONDITION) {
        throw new UnprocessableEntityException(`payment declined: ${error.details}`);
      }
      throw error;
    }
  }
}
