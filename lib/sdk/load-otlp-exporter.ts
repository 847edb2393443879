import { dirname } from 'node:path';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { TracingConfigurationError } from './configuration-error';
import type { OtlpSettings } from './otlp-settings';

const GRPC_EXPORTER = '@opentelemetry/exporter-trace-otlp-grpc';

/** The settings every OTLP exporter of the 0.2xx line takes alike. */
function common(settings: OtlpSettings) {
  return {
    url: settings.url,
    timeoutMillis: settings.timeoutMillis,
    compression: settings.compression as CompressionAlgorithm | undefined,
  };
}

/**
 * The gRPC exporter is an optional peer (it brings `@grpc/grpc-js`): loaded only when chosen,
 * with the install command when it is missing. Headers travel as gRPC metadata.
 */
function grpcExporter(settings: OtlpSettings): SpanExporter {
  let exporterModule: typeof import('@opentelemetry/exporter-trace-otlp-grpc');
  try {
    exporterModule = require(GRPC_EXPORTER);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new TracingConfigurationError(
      `the OTLP protocol "grpc" needs ${GRPC_EXPORTER}: npm install ${GRPC_EXPORTER}@^0.223.1 (or use "http/protobuf")`,
    );
  }
  let metadata: import('@grpc/grpc-js').Metadata | undefined;
  if (settings.headers) {
    // The Metadata class of the grpc-js the exporter itself uses.
    const grpcPath = require.resolve('@grpc/grpc-js', { paths: [dirname(require.resolve(GRPC_EXPORTER))] });
    const { Metadata } = require(grpcPath) as typeof import('@grpc/grpc-js');
    metadata = new Metadata();
    for (const [key, value] of Object.entries(settings.headers)) metadata.set(key, value);
  }
  return new exporterModule.OTLPTraceExporter({ ...common(settings), metadata });
}

/**
 * Builds the OTLP exporter of the chosen protocol, loading only its package: an app that
 * exports over http/protobuf never loads the JSON or gRPC code, and the reverse.
 */
export function loadOtlpExporter(settings: OtlpSettings): SpanExporter {
  switch (settings.protocol) {
    case 'grpc':
      return grpcExporter(settings);
    case 'http/json': {
      const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
      return new OTLPTraceExporter({ ...common(settings), headers: settings.headers });
    }
    case 'http/protobuf': {
      const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto');
      return new OTLPTraceExporter({ ...common(settings), headers: settings.headers });
    }
  }
}
