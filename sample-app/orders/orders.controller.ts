import { Body, Controller, Post } from '@nestjs/common';
import type { Order, OrderRequest } from './order';
import { OrdersService } from './orders.service';

@Controller('orders')
export class OrdersController {
  private nextId = 1001;

  constructor(private readonly orders: OrdersService) {}

  @Post()
  create(@Body() request: OrderRequest) {
    const order: Order = { id: String(this.nextId++), ...request };
    return this.orders.create(order);
  }
}
