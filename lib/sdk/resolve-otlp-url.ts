import { readEnv } from './env';
import { TracingConfigurationError } from './configuration-error';
import type { OtlpExporterOptions } from '../tracing.options';

const DEFAULT_ENDPOINT = 'http://localhost:4318';

function withTracesPath(base: string): string {
  return `${base.replace(/\/+$/, '')}/v1/traces`;
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
  if (options.endpoint) return checkUrl(withTracesPath(options.endpoint), 'otlp.endpoint');
  const tracesEnv = readEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (tracesEnv) return checkUrl(tracesEnv, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEnv = readEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (baseEnv) return checkUrl(withTracesPath(baseEnv), 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return withTracesPath(DEFAULT_ENDPOINT);
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
