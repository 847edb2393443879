import { Controller, DefaultValuePipe, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { InventoryService } from './inventory.service';

@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Get(':productId')
  check(@Param('productId') productId: string, @Query('quantity', new DefaultValuePipe(1), ParseIntPipe) quantity: number) {
    return this.inventory.check(productId, quantity);
  }
}
