import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ClientsModule } from '@nestjs/microservices';
import { ScheduleModule } from '@nestjs/schedule';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { InventoryClient } from './inventory.client';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { PaymentsClient } from './payments.client';
import { paymentsGrpcClient } from './payments-grpc.options';
import { SERVICE_URLS, ServiceUrls } from './service-urls';
import { UsersClient } from './users.client';
import { NOTIFICATIONS_CLIENT, NotificationsClient } from './notifications.client';
import { notificationsTcp } from '../notifications/notifications.contract';
import { OrderPlacedHandler } from './order-placed.handler';
import { StockReconciliation } from './stock-reconciliation.job';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { OrdersResolver } from './orders.resolver';
import { PlacedOrders } from './placed-orders';

@Module({
  controllers: [OrdersController],
  providers: [
    OrdersService,
    UsersClient,
    InventoryClient,
    PaymentsClient,
    NotificationsClient,
    OrderPlacedHandler,
    StockReconciliation,
    OrdersResolver,
    PlacedOrders,
  ],
})
export class OrdersModule {
  /**
   * `urls.paymentsGrpc` and `urls.notifications` are read now (their clients are built here);
   * the HTTP URLs when a call is made.
   */
  static forRoot(urls: ServiceUrls, exporter: SampleExporter = 'console'): DynamicModule {
    return {
      module: OrdersModule,
      imports: [
        // `viewer`: the local trace viewer at /_traces on this app, showing the spans of all five.
        TracingModule.forRoot({ serviceName: 'orders', exporter, console: { logs: true }, viewer: true }),
        ClientsModule.register([
          paymentsGrpcClient(urls.paymentsGrpc),
          { name: NOTIFICATIONS_CLIENT, ...notificationsTcp(Number(urls.notifications.split(':')[1])) },
        ]),
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        // Reading an order back: POST /graphql, its span named after the operation (`query GetOrder`).
        GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, playground: false }),
      ],
      providers: [{ provide: SERVICE_URLS, useValue: urls }],
    };
  }
}
