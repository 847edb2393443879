import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { Order } from '../orders/order';
import { ORDER_PLACED } from './notifications.contract';
import { NotificationsService } from './notifications.service';

@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** Nothing here about tracing: the CONSUMER span continues the order's trace from the message. */
  @EventPattern(ORDER_PLACED)
  orderPlaced(@Payload() order: Order): Promise<void> {
    return this.notifications.confirm(order);
  }
}
