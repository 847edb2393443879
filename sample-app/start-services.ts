import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { GrpcOptions, TcpOptions } from '@nestjs/microservices';
import { resolvePort } from './free-port';
import { InventoryModule } from './inventory/inventory.module';
import { notificationsTcp } from './notifications/notifications.contract';
import { NotificationsModule } from './notifications/notifications.module';
import { OrdersModule } from './orders/orders.module';
import { StockReconciliation } from './orders/stock-reconciliation.job';
import type { ServiceUrls } from './orders/service-urls';
import { paymentsGrpcServer, PaymentsModule } from './payments/payments.module';
import type { SampleExporter } from './sample-exporter';
import { ServiceName, servicePort } from './service-ports';
import { openUsersDatabase } from './users/users-database';
import { UsersModule } from './users/users.module';

export interface StartOptions {
  /** @default 'console' */
  exporter?: SampleExporter;
  /** Ports on 127.0.0.1 (0 picks a free one). @default `servicePort()`: `<NAME>_PORT` or the built-in port */
  ports?: Partial<Record<ServiceName, number>>;
  /** Nest's own log levels; few, so the trees stay readable. @default ['error', 'warn'] */
  logger?: LogLevel[] | false;
  /** PostgreSQL URL of the users service; `''` for the embedded one. @default `DATABASE_URL`, else an embedded PostgreSQL (PGlite) */
  databaseUrl?: string;
}

export interface RunningServices {
  /**
   * HTTP base URL of each service; `paymentsGrpc` and `notifications` are the `host:port` of the
   * payments gRPC server and of the notifications TCP microservice.
   */
  urls: Record<ServiceName, string>;
  /** Where the users service keeps its users. */
  database: string;
  /** The `@Cron` job of orders that asks inventory for its stock every 3 seconds. */
  stockReconciliation: StockReconciliation;
  /** Closes every app; orders last, since its TracingModule installed the SDK and flushes it. */
  close(): Promise<void>;
}

async function listen(app: INestApplication, port: number): Promise<string> {
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Starts the five services as separate Nest apps in this one process, so the console exporter
 * sees every span and prints one tree per request across services. Orders is created first:
 * its TracingModule installs the SDK (and names the resource); the others reuse that provider.
 * Orders calls users and inventory over HTTP and payments over gRPC, then emits `order.placed`
 * to notifications over Nest's TCP transport; payments is a hybrid app (HTTP and gRPC), the way
 * a service usually keeps its HTTP side for health checks; notifications only listens for events.
 * Users keeps its users in PostgreSQL (see `openUsersDatabase`), opened first and closed last.
 */
export async function startServices(options: StartOptions = {}): Promise<RunningServices> {
  const exporter = options.exporter ?? 'console';
  const port = (name: ServiceName) => options.ports?.[name] ?? servicePort(name);
  const appOptions = { logger: options.logger ?? (['error', 'warn'] as LogLevel[]) };

  // The gRPC client of orders is built with its module, so the payments target is known first;
  // the HTTP URLs are filled in below, before orders listens, once the others listen.
  const paymentsGrpc = `127.0.0.1:${await resolvePort(port('paymentsGrpc'))}`;
  const notificationsPort = await resolvePort(port('notifications'));
  const downstream: ServiceUrls = { users: '', inventory: '', paymentsGrpc, notifications: `127.0.0.1:${notificationsPort}` };
  const usersDatabase = await openUsersDatabase(options.databaseUrl ?? process.env.DATABASE_URL);
  const orders = await NestFactory.create(OrdersModule.forRoot(downstream, exporter), appOptions);
  const users = await NestFactory.create(UsersModule.forRoot(usersDatabase.pool, exporter), appOptions);
  const inventory = await NestFactory.create(InventoryModule.forRoot(exporter), appOptions);
  const payments = await NestFactory.create(PaymentsModule.forRoot(exporter), appOptions);
  payments.connectMicroservice<GrpcOptions>(paymentsGrpcServer(paymentsGrpc));
  const notifications = await NestFactory.createMicroservice<TcpOptions>(NotificationsModule.forRoot(exporter), {
    ...notificationsTcp(notificationsPort),
    ...appOptions,
  });

  downstream.users = await listen(users, port('users'));
  downstream.inventory = await listen(inventory, port('inventory'));
  await payments.startAllMicroservices();
  await notifications.listen();
  const paymentsUrl = await listen(payments, port('payments'));
  const urls = { orders: await listen(orders, port('orders')), users: downstream.users, inventory: downstream.inventory, payments: paymentsUrl, paymentsGrpc, notifications: downstream.notifications };

  return {
    urls,
    database: usersDatabase.description,
    stockReconciliation: orders.get(StockReconciliation),
    async close() {
      for (const app of [users, inventory, payments, notifications, orders]) await app.close();
      await usersDatabase.close();
    },
  };
}
