import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { OrderRequest } from './orders/order';
import { paymentsLog } from './payments/payments-log';
import { startServices } from './start-services';

/** One order that goes through, one that hits low stock and fails on payment. */
const ORDERS: OrderRequest[] = [
  { userId: '123', productId: '789', quantity: 2, amount: 25 },
  { userId: '123', productId: '456', quantity: 1, amount: 99.99 },
];

const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

const GET_ORDER = 'query GetOrder($id: ID!) { order(id: $id) { id status items { sku quantity } } }';

/** The paid order read back over GraphQL: its trace is named after the operation, `query GetOrder`. */
async function readOrderBack(ordersUrl: string, id: string): Promise<void> {
  console.log(`POST /graphql ${GET_ORDER} ${JSON.stringify({ id })}`);
  const response = await fetch(`${ordersUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: GET_ORDER, variables: { id }, operationName: 'GetOrder' }),
  });
  console.log(`→ ${response.status} ${await response.text()}\n`);
  await pause(600);
}

async function main(): Promise<void> {
  const services = await startServices();
  const { orders, users, inventory, paymentsGrpc, notifications } = services.urls;
  console.log(`orders ${orders}, users ${users}, inventory ${inventory} (HTTP); payments grpc://${paymentsGrpc}; notifications tcp://${notifications}`);
  console.log(`users in ${services.database}\n`);
  // Start-up said what it had to; from here on the services' own lines show, with their trace ids.
  Logger.overrideLogger(['log', 'warn', 'error']);
  paymentsLog.level = 'info';
  // The stock job (a @Cron of orders, every 3 s) waits until the orders are done, so each tree prints apart.
  await services.stockReconciliation.pause();
  try {
    for (const order of ORDERS) {
      console.log(`POST /orders ${JSON.stringify(order)}`);
      const response = await fetch(`${services.urls.orders}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(order),
      });
      console.log(`→ ${response.status} ${await response.text()}\n`);
      // A paid order emitted `order.placed`: its tree prints once the console exporter's grace
      // (500 ms) has let the notifications CONSUMER span join it.
      await pause(600);
    }
    await readOrderBack(services.urls.orders, '1001');
    // A root trace of its own at each run: shown once, then the apps close and stop its timer.
    console.log('reconcile stock (a @Cron job of orders, every 3 s): its next run');
    services.stockReconciliation.resume();
    await services.stockReconciliation.nextRun();
    await pause(600);
    // `npm start -- --keep-running`: stay up to look at the traces in the viewer.
    if (process.argv.includes('--keep-running')) {
      console.log(`trace viewer: ${orders}/_traces (Ctrl-C to stop)`);
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await services.close();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  // Everything is closed, so the process ends by itself; this only guards against a handle left open.
  .finally(() => setTimeout(() => process.exit(), 5000).unref());
