export { TracingModule } from './tracing.module';
export { TRACING_OPTIONS } from './tracing.module-definition';
export type { TracingModuleAsyncOptions } from './tracing.module-definition';
export type {
  ConsoleExporterOptions,
  ExporterName,
  HttpClientTracingOptions,
  DatabaseTracingOptions,
  GraphqlTracingOptions,
  HttpTracingOptions,
  OtlpCompression,
  LogsTracingOptions,
  KeepOptions,
  OtlpExporterOptions,
  OtlpProtocol,
  RatioSamplerOptions,
  SamplerOptions,
  TracingModuleOptions,
  UrlMatcher,
  ViewerOptions,
} from './tracing.options';
export { DEFAULT_SENSITIVE_QUERY_KEYS } from './client/http/outgoing-http-settings';
export { TraceService } from './trace.service';
export type { TextCarrier } from './trace.service';
export { Traced } from './decorators/traced.decorator';
export type { TracedOptions } from './decorators/traced-options';
export type { DatabaseCallOptions } from './decorators/database-call';
export { SpanAttribute } from './decorators/span-attribute.decorator';
export type { ParameterMapper } from './decorators/span-attribute.decorator';
export { ConsoleTreeExporter } from './export/console-tree.exporter';
export { TracingConfigurationError } from './sdk/configuration-error';
export { TRACING_SDK } from './tracing.constants';
export type { TracingSdk } from './sdk/tracing-sdk';
export type { GrpcTracingOptions } from './tracing.options';
export { tracingGrpcInterceptor } from './client/grpc-client.interceptor';
export type { GrpcClientTracingOptions } from './client/grpc-client.interceptor';
export { withGrpcTracing } from './client/with-grpc-tracing';
export type { GrpcClientOptionsLike, GrpcInterceptor } from './client/grpc-shapes';
export { bullMqTelemetry } from './queues/bullmq-telemetry';
export type { BullMqTelemetry } from './queues/bullmq-telemetry';
export { traceLogFields } from './logs/trace-log-fields';
export type { TraceLogFields } from './logs/trace-log-fields';
export { pinoTracing } from './logs/pino-tracing';
export type { PinoTracingOptions } from './logs/pino-tracing';
export { winstonTracing } from './logs/winston-tracing';
export type { WinstonTracingFormat } from './logs/winston-tracing';
export type { SamplingStats } from './sampling/sampling-counters';
export { ATTR_SAMPLING_KEPT } from './sampling/kept-span';
