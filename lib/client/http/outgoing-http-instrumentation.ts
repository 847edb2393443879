import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { TRACING_OPTIONS } from '../../tracing.module-definition';
import type { TracingModuleOptions } from '../../tracing.options';
import { traceOutgoingHttp } from './outgoing-http-tracing';

/**
 * Traces the app's outgoing HTTP calls from its initialisation (after the SDK it records with
 * was set up) until `app.close()`. A module compiled but never initialised subscribes nothing.
 */
@Injectable()
export class OutgoingHttpInstrumentation implements OnModuleInit, OnApplicationShutdown {
  private release: (() => void) | undefined;

  constructor(
    @Inject(TRACING_OPTIONS) private readonly options: TracingModuleOptions,
    // Injected for its order only: the SDK is set up before anything is traced.
    @Inject(TRACING_SDK) _sdk: TracingSdk,
  ) {}

  onModuleInit(): void {
    this.release ??= traceOutgoingHttp(this.options?.http?.client);
  }

  onApplicationShutdown(): void {
    this.release?.();
    this.release = undefined;
  }
}
