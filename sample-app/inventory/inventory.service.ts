import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';

/** Below this many items left, a check records a `low_stock` event. */
export const LOW_STOCK_THRESHOLD = 5;

@Injectable()
export class InventoryService {
  private readonly stock = new Map<string, number>([
    ['456', 3],
    ['789', 40],
  ]);

  private readonly logger = new Logger(InventoryService.name);

  constructor(private readonly trace: TraceService) {}

  @Traced()
  check(@SpanAttribute('product.id') productId: string, quantity: number): { available: boolean; stock: number } {
    const stock = this.stock.get(productId);
    if (stock === undefined) throw new NotFoundException(`no product ${productId}`);
    if (stock < LOW_STOCK_THRESHOLD) this.trace.addEvent('low_stock', { 'inventory.stock': stock });
    if (stock < quantity) {
      this.logger.warn(`product ${productId}: ${quantity} asked, ${stock} left`);
      throw new ConflictException(`only ${stock} of product ${productId} left`);
    }
    return { available: true, stock };
  }
}
