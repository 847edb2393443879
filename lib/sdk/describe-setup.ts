import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TracingModuleOptions } from '../tracing.options';
import { isSpanExporter } from './build-exporter';
import { readEnv } from './env';
import { resolveOtlpSettings } from './otlp-settings';

/** The collector URL spans are sent to, when the module built the OTLP exporter itself. */
export function otlpEndpointOf(options: TracingModuleOptions, exporter: SpanExporter | undefined): string | undefined {
  if (!exporter || isSpanExporter(options.exporter)) return undefined;
  const name = String(options.exporter ?? readEnv('OTEL_TRACES_EXPORTER')?.split(',')[0]?.trim() ?? 'otlp').toLowerCase();
  return name === 'otlp' ? resolveOtlpSettings(options.otlp).url : undefined;
}

function describeExporter(options: TracingModuleOptions, exporter: SpanExporter | undefined): string {
  if (!exporter) return 'none (spans are not exported)';
  const endpoint = otlpEndpointOf(options, exporter);
  if (endpoint) return `otlp ${resolveOtlpSettings(options.otlp).protocol} to ${endpoint}`;
  if (isSpanExporter(options.exporter)) return exporter.constructor.name;
  return String(options.exporter ?? readEnv('OTEL_TRACES_EXPORTER') ?? exporter.constructor.name).toLowerCase();
}

/** `ParentBased{root=TraceIdRatioBased{0.25}, remoteParentSampled=…}` without the parts every one has. */
function describeSampler(sampler: Sampler): string {
  return sampler.toString().replace(/^ParentBased\{root=(.*?), remoteParentSampled=.*\}$/, 'ParentBased{root=$1}');
}

/** The startup line: service, exporter and endpoint, sampler. */
export function describeSetup(options: TracingModuleOptions, exporter: SpanExporter | undefined, sampler: Sampler): string {
  const service = options.serviceName ?? readEnv('OTEL_SERVICE_NAME') ?? 'unknown_service:node';
  return `tracing service "${service}": exporter ${describeExporter(options, exporter)}, sampler ${describeSampler(sampler)}`;
}
