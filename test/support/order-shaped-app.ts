import { BadGatewayException, Body, Controller, Get, Injectable, Module, Post } from '@nestjs/common';
import { Traced } from 'nestjs-tracing';

/** How many items every order loads one by one: the N+1 the viewer folds into one row. */
export const ITEMS_PER_ORDER = 5;

/** Declined cards fail the order: the error the viewer shows in red, with its stack. */
export class PaymentDeclinedError extends Error {
  override name = 'PaymentDeclinedError';
}

@Injectable()
class OrderItemsRepository {
  @Traced('SELECT order_items')
  async load(index: number): Promise<{ sku: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { sku: `sku-${index}` };
  }
}

@Injectable()
class PaymentsClient {
  @Traced('PaymentsClient.charge')
  async charge(card: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (card === 'declined') throw new PaymentDeclinedError('card declined by the issuer');
    return 'payment-1';
  }
}

@Injectable()
class OrdersService {
  constructor(
    private readonly items: OrderItemsRepository,
    private readonly payments: PaymentsClient,
  ) {}

  @Traced('process_order')
  async place(card: string): Promise<{ paymentId: string }> {
    for (let index = 0; index < ITEMS_PER_ORDER; index++) await this.items.load(index);
    return { paymentId: await this.payments.charge(card) };
  }
}

@Controller()
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post('orders')
  async create(@Body() body: { card?: string }) {
    try {
      return await this.orders.place(body?.card ?? 'visa');
    } catch (error) {
      if (error instanceof PaymentDeclinedError) throw new BadGatewayException('payment failed');
      throw error;
    }
  }

  @Get('health')
  health() {
    return 'ok';
  }
}

/**
 * The sample app's order in one Nest app: `POST /orders` → `process_order` → five
 * `SELECT order_items` siblings → `PaymentsClient.charge`, which fails for `{ card: 'declined' }`
 * (the request answers 502); `GET /health` answers ok.
 */
@Module({ controllers: [OrdersController], providers: [OrdersService, OrderItemsRepository, PaymentsClient] })
export class OrderShapedModule {}
