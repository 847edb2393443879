import type { OtlpCompression, OtlpExporterOptions, OtlpProtocol } from '../tracing.options';
import { TracingConfigurationError } from './configuration-error';
import { readEnv } from './env';
import { resolveOtlpTracesUrl } from './resolve-otlp-url';

const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];
const COMPRESSIONS: readonly OtlpCompression[] = ['gzip', 'none'];

/** What the OTLP exporter is built from, every value checked and named after its source. */
export interface OtlpSettings {
  protocol: OtlpProtocol;
  url: string;
  headers?: Record<string, string>;
  /** Undefined: the exporter's default (10 s). */
  timeoutMillis?: number;
  /** Undefined: the exporter's default (none). */
  compression?: OtlpCompression;
}

/** The option if set, else the first set variable (signal-specific first), with its name. */
function firstSet(option: unknown, optionName: string, ...variables: string[]): [string, unknown] | undefined {
  if (option !== undefined) return [optionName, option];
  for (const name of variables) {
    const value = readEnv(name);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

function oneOf<T extends string>(found: [string, unknown] | undefined, allowed: readonly T[], hint = ''): T | undefined {
  if (found === undefined) return undefined;
  const [source, value] = found;
  if (allowed.includes(value as T)) return value as T;
  throw new TracingConfigurationError(`${source}="${String(value)}" is not supported; use one of ${allowed.map((item) => `"${item}"`).join(', ')}${hint}`);
}

function timeout(found: [string, unknown] | undefined): number | undefined {
  if (found === undefined) return undefined;
  const [source, value] = found;
  // Variables hold whole milliseconds; code may pass any positive finite number.
  const millis = typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : NaN) : value;
  if (typeof millis === 'number' && Number.isFinite(millis) && millis > 0) return millis;
  throw new TracingConfigurationError(`${source} must be a positive number of milliseconds such as 10000, got ${JSON.stringify(value) ?? String(value)}`);
}

/** Reads the OTLP settings from `otlp` options, then the `OTEL_EXPORTER_OTLP_*` variables. */
export function resolveOtlpSettings(options: OtlpExporterOptions = {}): OtlpSettings {
  const protocol =
    oneOf(
      firstSet(options.protocol, 'otlp.protocol', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL'),
      PROTOCOLS,
      ' (collectors listen for http/protobuf and http/json on 4318, grpc on 4317)',
    ) ?? 'http/protobuf';
  return {
    protocol,
    url: resolveOtlpTracesUrl(options, protocol),
    headers: options.headers,
    timeoutMillis: timeout(firstSet(options.timeoutMillis, 'otlp.timeoutMillis', 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT')),
    compression: oneOf(
      firstSet(options.compression, 'otlp.compression', 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION'),
      COMPRESSIONS,
    ),
  };
}
