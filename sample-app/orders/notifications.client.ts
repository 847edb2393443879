import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { ORDER_PLACED } from '../notifications/notifications.contract';
import type { Order } from './order';

export const NOTIFICATIONS_CLIENT = 'NOTIFICATIONS_CLIENT';

/**
 * Tells notifications an order was placed, over Nest's TCP transport. Plain `emit`: the PRODUCER
 * span and the trace context in the packet come from TracingModule.
 */
@Injectable()
export class NotificationsClient {
  constructor(@Inject(NOTIFICATIONS_CLIENT) private readonly client: ClientProxy) {}

  async orderPlaced(order: Order): Promise<void> {
    await lastValueFrom(this.client.emit(ORDER_PLACED, order), { defaultValue: undefined });
  }
}
