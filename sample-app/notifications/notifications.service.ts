import { Injectable } from '@nestjs/common';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';
import type { Order } from '../orders/order';

@Injectable()
export class NotificationsService {
  constructor(private readonly trace: TraceService) {}

  /** Stands in for an e-mail to the customer: a short pause, recorded as an event. */
  @Traced('send_confirmation')
  async confirm(@SpanAttribute('order.id', (order: Order) => order.id) order: Order): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.trace.addEvent('confirmation_sent', { 'user.id': order.userId });
  }
}
