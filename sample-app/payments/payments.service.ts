import { Injectable } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { status } from '@grpc/grpc-js';
import { SpanAttribute, Traced } from 'nestjs-tracing';
import type { ChargeRequest, Receipt } from './payments.contract';
import { paymentsLog } from './payments-log';

@Injectable()
export class PaymentsService {
  private readonly balances = new Map<string, number>([['123', 50]]);
  private charges = 0;

  /**
   * Takes `amount` from the user's balance. A charge over the balance fails with
   * FAILED_PRECONDITION: the caller's problem, so the gRPC SERVER span stays unset while this
   * span is ERROR.
   */
  @Traced()
  charge(@SpanAttribute('order.amount', (request: ChargeRequest) => request.amount) request: ChargeRequest): Receipt {
    const balance = this.balances.get(request.userId) ?? 0;
    if (request.amount > balance) {
      paymentsLog.warn({ amount: request.amount }, 'charge refused: insufficient balance');
      throw new RpcException({ code: status.FAILED_PRECONDITION, message: 'insufficient balance' });
    }
    paymentsLog.info({ amount: request.amount }, 'charge accepted');
    this.balances.set(request.userId, balance - request.amount);
    return { paymentId: `pay-${++this.charges}`, balance: balance - request.amount };
  }
}
