import { InMemorySpanExporter, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter } from '../export/console-tree.exporter';
import type { ExporterName, TracingModuleOptions } from '../tracing.options';
import { TracingConfigurationError } from './configuration-error';
import { readEnv } from './env';
import { loadOtlpExporter } from './load-otlp-exporter';
import { resolveOtlpSettings } from './otlp-settings';

const EXPORTER_NAMES: readonly ExporterName[] = ['console', 'otlp', 'memory', 'none'];

export function isSpanExporter(value: unknown): value is SpanExporter {
  return typeof (value as SpanExporter | undefined)?.export === 'function';
}

function exporterName(option: TracingModuleOptions['exporter']): ExporterName {
  const source = option === undefined ? 'OTEL_TRACES_EXPORTER' : 'exporter';
  // The variable may list several; one exporter is what a Nest service needs, so take the first.
  const raw = option ?? readEnv('OTEL_TRACES_EXPORTER')?.split(',')[0]?.trim() ?? 'otlp';
  const name = String(raw).toLowerCase() as ExporterName;
  if (!EXPORTER_NAMES.includes(name)) {
    throw new TracingConfigurationError(
      `${source}="${String(raw)}" is not a known exporter; use one of ${EXPORTER_NAMES.join(', ')} or pass a SpanExporter instance`,
    );
  }
  return name;
}

/** Builds the exporter named by the options or `OTEL_TRACES_EXPORTER`; undefined for 'none'. */
export function buildExporter(options: TracingModuleOptions): SpanExporter | undefined {
  if (isSpanExporter(options.exporter)) return options.exporter;
  switch (exporterName(options.exporter)) {
    case 'none':
      return undefined;
    case 'memory':
      return new InMemorySpanExporter();
    case 'console':
      return new ConsoleTreeExporter(options.console);
    case 'otlp':
      return loadOtlpExporter(resolveOtlpSettings(options.otlp));
  }
}
