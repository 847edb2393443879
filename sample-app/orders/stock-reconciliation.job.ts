import { Injectable, Logger } from '@nestjs/common';
import { Cron, SchedulerRegistry } from '@nestjs/schedule';
import { InventoryClient } from './inventory.client';

export const RECONCILE_STOCK = 'reconcile stock';

/** The products whose stock orders keeps an eye on. */
const WATCHED_PRODUCTS = ['789'];

/**
 * Every 3 seconds, asks inventory (over HTTP) for the stock of the watched products. Each run is
 * a root trace `reconcile stock`, with no code for it: TracingModule traces every `@Cron`.
 */
@Injectable()
export class StockReconciliation {
  private readonly logger = new Logger(StockReconciliation.name);
  private readonly waiting: Array<() => void> = [];
  private running = 0;

  constructor(
    private readonly inventory: InventoryClient,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  @Cron('*/3 * * * * *', { name: RECONCILE_STOCK })
  async reconcile(): Promise<void> {
    this.running += 1;
    try {
      for (const productId of WATCHED_PRODUCTS) {
        const { stock } = await this.inventory.check(productId, 1);
        this.logger.log(`stock of ${productId} reconciled: ${stock}`);
      }
    } finally {
      this.running -= 1;
      for (const resolve of this.waiting.splice(0)) resolve();
    }
  }

  /** Resolves once the next run has ended (`npm start` waits for one, to show its trace). */
  nextRun(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Stops the schedule, once a run going on has ended (so other traces print or are checked apart). */
  async pause(): Promise<void> {
    this.scheduler.getCronJob(RECONCILE_STOCK).stop();
    if (this.running > 0) await this.nextRun();
  }

  resume(): void {
    this.scheduler.getCronJob(RECONCILE_STOCK).start();
  }
}
