import { DynamicModule, Module } from '@nestjs/common';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';

@Module({ controllers: [PaymentsController], providers: [PaymentsService] })
export class PaymentsModule {
  static forRoot(exporter: SampleExporter = 'console'): DynamicModule {
    return { module: PaymentsModule, imports: [TracingModule.forRoot({ serviceName: 'payments', exporter })] };
  }
}
