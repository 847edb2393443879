import type { Logger } from '@opentelemetry/api-logs';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from '../tracing.constants';
import type { TracingModuleOptions } from '../tracing.options';
import { buildResource } from './build-resource';
import { TracingConfigurationError } from './configuration-error';
import { readEnv } from './env';
import { resolveOtlpLogsUrl } from './resolve-otlp-url';

/** OTLP log export as the module runs it: the logger lines are emitted on, and its shutdown. */
export interface LogExport {
  logger: Logger;
  shutdown(): Promise<void>;
}

/** `logs.otlp` in code, else `OTEL_LOGS_EXPORTER` (`otlp` or `none`). */
export function wantsOtlpLogs(options: TracingModuleOptions): boolean {
  if (options.logs?.otlp !== undefined) return options.logs.otlp;
  const name = readEnv('OTEL_LOGS_EXPORTER')?.split(',')[0]?.trim().toLowerCase();
  if (name === undefined || name === 'none') return false;
  if (name === 'otlp') return true;
  throw new TracingConfigurationError(`OTEL_LOGS_EXPORTER="${name}" is not supported; use "otlp" or "none"`);
}

/**
 * Starts a logs SDK provider with the spans' resource and a batching OTLP/HTTP protobuf
 * exporter to the same collector. The logs SDK and exporter are loaded here, on demand, so
 * apps that do not send logs never load them.
 */
export function startLogExport(options: TracingModuleOptions): LogExport {
  const url = resolveOtlpLogsUrl(options.otlp);
  const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs') as typeof import('@opentelemetry/sdk-logs');
  const { OTLPLogExporter } =
    require('@opentelemetry/exporter-logs-otlp-proto') as typeof import('@opentelemetry/exporter-logs-otlp-proto');
  const exporter = new OTLPLogExporter({ url, headers: options.otlp?.headers, timeoutMillis: options.otlp?.timeoutMillis });
  const provider = new LoggerProvider({ resource: buildResource(options), processors: [new BatchLogRecordProcessor({ exporter })] });
  return {
    logger: provider.getLogger(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
    shutdown: () => provider.shutdown(),
  };
}
