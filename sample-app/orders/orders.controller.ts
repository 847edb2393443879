import { Body, Controller, Post } from '@nestjs/common';
import type { Order, OrderRequest } from './order';
import { OrdersService } from './orders.service';
import { PlacedOrders } from './placed-orders';

@Controller('orders')
export class OrdersController {
  private nextId = 1001;

  constructor(
    private readonly orders: OrdersService,
    private readonly placed: PlacedOrders,
  ) {}

  @Post()
  async create(@Body() request: OrderRequest) {
    const order: Order = { id: String(this.nextId++), ...request };
    const items = [{ sku: order.productId, quantity: order.quantity }];
    try {
      const paid = await this.orders.create(order);
      this.placed.add({ id: order.id, status: paid.status, items });
      return paid;
    } catch (error) {
      this.placed.add({ id: order.id, status: 'declined', items });
      throw error;
    }
  }
}
