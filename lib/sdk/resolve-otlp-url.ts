import { readEnv } from './env';
import { TracingConfigurationError } from './configuration-error';
import type { OtlpExporterOptions } from '../tracing.options';

const DEFAULT_ENDPOINT = 'http://localhost:4318';

function withSignalPath(base: string, signal = 'traces'): string {
  return `${base.replace(/\/+$/, '')}/v1/${signal}`;
}

function checkUrl(url: string, source: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below with the same message
  }
  throw new TracingConfigurationError(`${source} must be an http(s) URL such as ${DEFAULT_ENDPOINT}, got "${url}"`);
}

/** The traces URL: code before env, a full traces endpoint before a base endpoint. */
export function resolveOtlpTracesUrl(options: OtlpExporterOptions = {}): string {
  if (options.tracesEndpoint) return checkUrl(options.tracesEndpoint, 'otlp.tracesEndpoint');
  if (options.endpoint) return checkUrl(withSignalPath(options.endpoint), 'otlp.endpoint');
  const tracesEnv = readEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (tracesEnv) return checkUrl(tracesEnv, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEnv = readEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (baseEnv) return checkUrl(withSignalPath(baseEnv), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return withSignalPath(DEFAULT_ENDPOINT);
}

/** The logs URL, found like the traces URL: the collector the spans go to, at `/v1/logs`. */
export function resolveOtlpLogsUrl(options: OtlpExporterOptions = {}): string {
  if (options.logsEndpoint) return checkUrl(options.logsEndpoint, 'otlp.logsEndpoint');
  if (options.endpoint) return checkUrl(withSignalPath(options.endpoint, 'logs'), 'otlp.endpoint');
  const logsEnv = readEnv('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  if (logsEnv) return checkUrl(logsEnv, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  const baseEnv = readEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (baseEnv) return checkUrl(withSignalPath(baseEnv, 'logs'), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return withSignalPath(DEFAULT_ENDPOINT, 'logs');
}

/** The first of `names` that is set, with its value (the last name when none is). */
function firstSetVariable(...names: string[]): [string, string | undefined] {
  for (const name of names) {
    const value = readEnv(name);
    if (value !== undefined) return [name, value];
  }
  return [names[names.length - 1], undefined];
}

/** Only http/protobuf ships with the package; say so instead of silently using it for grpc. */
export function resolveOtlpProtocol(options: OtlpExporterOptions = {}): 'http/protobuf' {
  const [source, protocol] = options.protocol
    ? ['otlp.protocol', options.protocol]
    : firstSetVariable('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol === undefined || protocol === 'http/protobuf') return 'http/protobuf';
  throw new TracingConfigurationError(
    `${source}="${protocol}" is not supported; use "http/protobuf" (port 4318 on most collectors)`,
  );
}
