import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { SpanAttribute, Traced } from 'nestjs-tracing';

export interface ChargeRequest {
  orderId: string;
  userId: string;
  amount: number;
}

@Injectable()
export class PaymentsService {
  private readonly balances = new Map<string, number>([['123', 50]]);
  private charges = 0;

  /** Takes `amount` from the user's balance; a charge over the balance fails with 402. */
  @Traced()
  charge(@SpanAttribute('order.amount', (request: ChargeRequest) => request.amount) request: ChargeRequest) {
    const balance = this.balances.get(request.userId) ?? 0;
    if (request.amount > balance) throw new HttpException('insufficient balance', HttpStatus.PAYMENT_REQUIRED);
    this.balances.set(request.userId, balance - request.amount);
    return { paymentId: `pay-${++this.charges}`, balance: balance - request.amount };
  }
}
