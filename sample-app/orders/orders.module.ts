import { DynamicModule, Module } from '@nestjs/common';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { InventoryClient } from './inventory.client';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { PaymentsClient } from './payments.client';
import { SERVICE_URLS, ServiceUrls } from './service-urls';
import { UsersClient } from './users.client';

@Module({
  controllers: [OrdersController],
  providers: [OrdersService, UsersClient, InventoryClient, PaymentsClient],
})
export class OrdersModule {
  static forRoot(urls: ServiceUrls, exporter: SampleExporter = 'console'): DynamicModule {
    return {
      module: OrdersModule,
      imports: [TracingModule.forRoot({ serviceName: 'orders', exporter })],
      providers: [{ provide: SERVICE_URLS, useValue: urls }],
    };
  }
}
