import { diag } from '@opentelemetry/api';
import { ConsoleTreeExporter } from '../export/console-tree.exporter';
import { LogExport, startLogExport, wantsOtlpLogs } from '../sdk/start-log-export';
import type { TracingSdk } from '../sdk/tracing-sdk';
import type { TracingModuleOptions } from '../tracing.options';
import { hookConsoleLogger, unhookConsoleLogger } from './console-logger-hooks';
import { logsRuntime } from './logs-runtime';

/** What the first TracingModule of the process installed for logs, shared like its SDK. */
let installed: { users: number; logExport: LogExport | undefined } | undefined;

function install(options: TracingModuleOptions, sdk: TracingSdk): LogExport | undefined {
  const logs = options.logs ?? {};
  const logExport = wantsOtlpLogs(options) ? startLogExport(options) : undefined;
  logsRuntime.correlation = logs.correlation ?? true;
  logsRuntime.errorEvents = logs.spanEvents ?? false;
  logsRuntime.allEvents = options.console?.logs === true && sdk.exporter instanceof ConsoleTreeExporter;
  logsRuntime.otlpLogger = logExport?.logger;
  if (logsRuntime.correlation || logsRuntime.capturing) hookConsoleLogger();
  return logExport;
}

/**
 * Applies the `logs` options for the process when the first TracingModule starts (later ones
 * share them, as they share the SDK); the returned function releases this module's share, and
 * the last release puts Nest's logger back and flushes OTLP logs.
 */
export function joinLogs(options: TracingModuleOptions, sdk: TracingSdk): () => Promise<void> {
  if (installed) installed.users += 1;
  else installed = { users: 1, logExport: install(options, sdk) };
  let released = false;
  return async () => {
    if (released || !installed) return;
    released = true;
    installed.users -= 1;
    if (installed.users > 0) return;
    const { logExport } = installed;
    installed = undefined;
    unhookConsoleLogger();
    logsRuntime.reset();
    try {
      await logExport?.shutdown();
    } catch (error) {
      diag.error('nestjs-tracing: flushing log records on shutdown failed', error);
    }
  };
}
