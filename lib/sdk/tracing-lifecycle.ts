import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { diag } from '@opentelemetry/api';
import { TRACING_SDK } from '../tracing.constants';
import type { TracingSdk } from './tracing-sdk';

/**
 * On `app.close()`, flushes and removes what the module installed (once the last module sharing
 * it has closed); the host's provider is left alone.
 */
@Injectable()
export class TracingLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TRACING_SDK) private readonly sdk: TracingSdk) {}

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.sdk.shutdown();
    } catch (error) {
      diag.error('nestjs-tracing: flushing spans on shutdown failed', error);
    }
  }
}
