import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { TracingSdk } from '../sdk/tracing-sdk';
import { TRACING_SDK } from '../tracing.constants';
import { TRACING_OPTIONS } from '../tracing.module-definition';
import type { TracingModuleOptions } from '../tracing.options';
import { joinLogs } from './logs-installation';

/** Joins log lines to traces while the app runs (see `logs` options); undone on `app.close()`. */
@Injectable()
export class TracingLogs implements OnApplicationShutdown {
  private readonly release: () => Promise<void>;

  constructor(@Inject(TRACING_OPTIONS) options: TracingModuleOptions, @Inject(TRACING_SDK) sdk: TracingSdk) {
    this.release = joinLogs(options ?? {}, sdk);
  }

  onApplicationShutdown(): Promise<void> {
    return this.release();
  }
}
