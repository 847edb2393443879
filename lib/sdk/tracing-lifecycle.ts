import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { diag } from '@opentelemetry/api';
import { TRACING_SDK } from '../tracing.constants';
import { tracingRuntime } from '../tracing.runtime';
import type { TracingSdk } from './tracing-sdk';

/** Flushes and removes, on `app.close()`, what the module installed; the host's provider is left alone. */
@Injectable()
export class TracingLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TRACING_SDK) private readonly sdk: TracingSdk) {}

  async onApplicationShutdown(): Promise<void> {
    tracingRuntime.reset();
    try {
      await this.sdk.shutdown();
    } catch (error) {
      diag.error('nestjs-tracing: flushing spans on shutdown failed', error);
    }
  }
}
