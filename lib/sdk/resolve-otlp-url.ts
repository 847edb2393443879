import { readEnv } from './env';
import { TracingConfigurationError } from './configuration-error';
import type { OtlpExporterOptions, OtlpProtocol } from '../tracing.options';

/** Where collectors listen by default: OTLP/HTTP on 4318, OTLP/gRPC on 4317. */
function defaultEndpoint(protocol: OtlpProtocol): string {
  return protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
}

/** OTLP/HTTP posts to `<base>/v1/traces`; OTLP/gRPC dials the base URL as it is. */
function withTracesPath(base: string, protocol: OtlpProtocol): string {
  return protocol === 'grpc' ? base : `${base.replace(/\/+$/, '')}/v1/traces`;
}

/** Checks the URL as the user wrote it, before any path is appended, and names where it came from. */
function checkUrl(url: string, source: string, protocol: OtlpProtocol): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return url;
  } catch {
    // reported below with the same message
  }
  throw new TracingConfigurationError(`${source} must be an http(s) URL such as ${defaultEndpoint(protocol)}, got "${url}"`);
}

/** The traces URL: code before env, a full traces endpoint before a base endpoint. */
export function resolveOtlpTracesUrl(options: OtlpExporterOptions, protocol: OtlpProtocol): string {
  if (options.tracesEndpoint) return checkUrl(options.tracesEndpoint, 'otlp.tracesEndpoint', protocol);
  if (options.endpoint) return withTracesPath(checkUrl(options.endpoint, 'otlp.endpoint', protocol), protocol);
  const tracesEnv = readEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (tracesEnv) return checkUrl(tracesEnv, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', protocol);
  const baseEnv = readEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (baseEnv) return withTracesPath(checkUrl(baseEnv, 'OTEL_EXPORTER_OTLP_ENDPOINT', protocol), protocol);
  return withTracesPath(defaultEndpoint(protocol), protocol);
}

/**
 * The logs URL, found like the traces URL: the collector the spans go to, at `/v1/logs`. Logs
 * always go over OTLP/HTTP (protobuf), whatever protocol the spans use.
 */
export function resolveOtlpLogsUrl(options: OtlpExporterOptions = {}): string {
  const http: OtlpProtocol = 'http/protobuf';
  const withLogsPath = (base: string) => `${base.replace(/\/+$/, '')}/v1/logs`;
  if (options.logsEndpoint) return checkUrl(options.logsEndpoint, 'otlp.logsEndpoint', http);
  if (options.endpoint) return withLogsPath(checkUrl(options.endpoint, 'otlp.endpoint', http));
  const logsEnv = readEnv('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  if (logsEnv) return checkUrl(logsEnv, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', http);
  const baseEnv = readEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (baseEnv) return withLogsPath(checkUrl(baseEnv, 'OTEL_EXPORTER_OTLP_ENDPOINT', http));
  return withLogsPath(defaultEndpoint(http));
}
