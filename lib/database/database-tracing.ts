import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { reportOnce } from '../diagnostics';
import { TRACING_SDK } from '../tracing.constants';
import { TRACING_OPTIONS } from '../tracing.module-definition';
import type { TracingModuleOptions } from '../tracing.options';
import { traceMysql2 } from './mysql2-tracing';
import { tracePg } from './pg-tracing';

/** The drivers' undo steps while at least one app of the process traces its databases. */
let installed: { undo: Array<() => void>; users: number } | undefined;

function install(): void {
  if (installed) {
    installed.users += 1;
    return;
  }
  const undo: Array<() => void> = [];
  for (const trace of [tracePg, traceMysql2]) {
    try {
      const stop = trace();
      if (stop) undo.push(stop);
    } catch (error) {
      reportOnce(`db-install:${trace.name}`, `database tracing (${trace.name}) could not be set up`, error);
    }
  }
  installed = { undo, users: 1 };
}

function release(): void {
  if (!installed || --installed.users > 0) return;
  for (const stop of installed.undo) stop();
  installed = undefined;
}

/**
 * Traces the app's database drivers (`pg`, `mysql2`) from the moment the module starts until
 * the app closes; when several apps of the process trace, until the last one closes.
 */
@Injectable()
export class DatabaseTracing implements OnApplicationShutdown {
  private readonly enabled: boolean;

  // The SDK first: it validates the options, and a module that fails to start patches nothing.
  constructor(@Inject(TRACING_OPTIONS) options: TracingModuleOptions, @Inject(TRACING_SDK) _sdk: unknown) {
    this.enabled = options?.db?.enabled ?? true;
    if (this.enabled) install();
  }

  onApplicationShutdown(): void {
    if (this.enabled) release();
  }
}
