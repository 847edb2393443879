import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExporterName } from 'nestjs-tracing';

/** `'console'` prints the trees; tests pass a `TestSpanExporter`. */
export type SampleExporter = ExporterName | SpanExporter;
