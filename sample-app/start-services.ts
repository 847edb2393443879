import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InventoryModule } from './inventory/inventory.module';
import { OrdersModule } from './orders/orders.module';
import type { ServiceUrls } from './orders/service-urls';
import { PaymentsModule } from './payments/payments.module';
import type { SampleExporter } from './sample-exporter';
import { ServiceName, servicePort } from './service-ports';
import { UsersModule } from './users/users.module';

export interface StartOptions {
  /** @default 'console' */
  exporter?: SampleExporter;
  /** Ports on 127.0.0.1 (0 picks a free one). @default `servicePort()`: `<NAME>_PORT` or the built-in port */
  ports?: Partial<Record<ServiceName, number>>;
  /** Nest's own log levels; few, so the trees stay readable. @default ['error', 'warn'] */
  logger?: LogLevel[] | false;
}

export interface RunningServices {
  urls: Record<ServiceName, string>;
  /** Closes every app; orders last, since its TracingModule installed the SDK and flushes it. */
  close(): Promise<void>;
}

async function listen(app: INestApplication, port: number): Promise<string> {
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Starts the four services as separate Nest apps in this one process, so the console exporter
 * sees every span and prints one tree per request across services. Orders is created first:
 * its TracingModule installs the SDK (and names the resource); the others reuse that provider.
 */
export async function startServices(options: StartOptions = {}): Promise<RunningServices> {
  const exporter = options.exporter ?? 'console';
  const port = (name: ServiceName) => options.ports?.[name] ?? servicePort(name);
  const appOptions = { logger: options.logger ?? (['error', 'warn'] as LogLevel[]) };

  // Filled in below, before orders listens: the other ports are known only once they listen.
  const downstream: ServiceUrls = { users: '', inventory: '', payments: '' };
  const orders = await NestFactory.create(OrdersModule.forRoot(downstream, exporter), appOptions);
  const users = await NestFactory.create(UsersModule.forRoot(exporter), appOptions);
  const inventory = await NestFactory.create(InventoryModule.forRoot(exporter), appOptions);
  const payments = await NestFactory.create(PaymentsModule.forRoot(exporter), appOptions);

  downstream.users = await listen(users, port('users'));
  downstream.inventory = await listen(inventory, port('inventory'));
  downstream.payments = await listen(payments, port('payments'));
  const urls = { orders: await listen(orders, port('orders')), ...downstream };

  return {
    urls,
    async close() {
      for (const app of [users, inventory, payments, orders]) await app.close();
    },
  };
}
