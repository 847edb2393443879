import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';
import { InventoryClient } from './inventory.client';
import type { Order } from './order';
import { PaymentsClient } from './payments.client';
import { NotificationsClient } from './notifications.client';
import { UsersClient } from './users.client';
import { ORDER_PLACED_EVENT } from './order-placed.handler';

@Injectable()
export class OrdersService {
  private readonly logger = new Logger(OrdersService.name);

  constructor(
    private readonly trace: TraceService,
    private readonly users: UsersClient,
    private readonly inventory: InventoryClient,
    private readonly payments: PaymentsClient,
    private readonly notifications: NotificationsClient,
    private readonly events: EventEmitter2,
  ) {}

  /**
   * Validates the user, checks the stock, then charges: the seed document's order creation.
   * A paid order is announced to notifications as an `order.placed` event, and in this process
   * to its `@OnEvent('order.placed')` handlers.
   */
  @Traced('process_order')
  async create(
    @SpanAttribute('order.id', (order: Order) => order.id)
    @SpanAttribute('order.amount', (order: Order) => order.amount)
    order: Order,
  ) {
    this.logger.log(`placing order ${order.id}`);
    this.trace.addEvent('validating_order');
    await this.users.validate(order.userId);
    await this.inventory.check(order.productId, order.quantity);
    this.trace.addEvent('order_validated');
    const receipt = await this.payments.charge(order);
    await this.notifications.orderPlaced(order);
    this.events.emit(ORDER_PLACED_EVENT, order);
    return { ...order, status: 'paid', paymentId: receipt.paymentId };
  }
}
