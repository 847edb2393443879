import { DynamicModule, Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { TracingModule } from 'nestjs-tracing';
import type { SampleExporter } from '../sample-exporter';
import { UsersController } from './users.controller';
import { USERS_DATABASE } from './users-database';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({ controllers: [UsersController], providers: [UsersService, UsersRepository] })
export class UsersModule {
  static forRoot(pool: Pool, exporter: SampleExporter = 'console'): DynamicModule {
    return {
      module: UsersModule,
      imports: [TracingModule.forRoot({ serviceName: 'users', exporter })],
      providers: [{ provide: USERS_DATABASE, useValue: pool }],
    };
  }
}
