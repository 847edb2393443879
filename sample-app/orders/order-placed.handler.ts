import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Order } from './order';

/** The in-process event a paid order emits (EventEmitter2), beside the TCP one notifications gets. */
export const ORDER_PLACED_EVENT = 'order.placed';

/**
 * Counts paid orders for the day's sales report. Its run is a span `event order.placed` inside
 * the order's trace, with no code for it: TracingModule traces every `@OnEvent` handler.
 */
@Injectable()
export class OrderPlacedHandler {
  private readonly logger = new Logger(OrderPlacedHandler.name);
  private placedToday = 0;

  @OnEvent(ORDER_PLACED_EVENT)
  countForReport(order: Order): void {
    this.placedToday += 1;
    this.logger.log(`order ${order.id} counted for today's report (${this.placedToday} so far)`);
  }
}
