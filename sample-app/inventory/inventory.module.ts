import { DynamicModule, Module } from '@nestjs/common';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { InventoryController } from './inventory.controller';
import { InventoryService } from './inventory.service';

@Module({ controllers: [InventoryController], providers: [InventoryService] })
export class InventoryModule {
  static forRoot(exporter: SampleExporter = 'console'): DynamicModule {
    return { module: InventoryModule, imports: [TracingModule.forRoot({ serviceName: 'inventory', exporter })] };
  }
}
