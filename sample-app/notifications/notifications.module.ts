import { DynamicModule, Module } from '@nestjs/common';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** A small microservice that only listens for events (no HTTP side). */
@Module({ controllers: [NotificationsController], providers: [NotificationsService] })
export class NotificationsModule {
  static forRoot(exporter: SampleExporter = 'console'): DynamicModule {
    return { module: NotificationsModule, imports: [TracingModule.forRoot({ serviceName: 'notifications', exporter })] };
  }
}
