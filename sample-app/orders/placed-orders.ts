import { Injectable } from '@nestjs/common';

/** A placed order as the GraphQL endpoint reads it back. */
export interface PlacedOrder {
  id: string;
  status: string;
  items: Array<{ sku: string; quantity: number }>;
}

/** The orders placed since start, in memory: what `query GetOrder` reads. */
@Injectable()
export class PlacedOrders {
  private readonly byId = new Map<string, PlacedOrder>();

  add(order: PlacedOrder): void {
    this.byId.set(order.id, order);
  }

  /** Async, as a database read would be: the resolver calling it gets a span. */
  async find(id: string): Promise<PlacedOrder | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    return this.byId.get(id);
  }
}
