export { TracingModule } from './tracing.module';
export { TRACING_OPTIONS } from './tracing.module-definition';
export type { TracingModuleAsyncOptions } from './tracing.module-definition';
export type {
  ConsoleExporterOptions,
  ExporterName,
  HttpTracingOptions,
  KeepOptions,
  OtlpExporterOptions,
  RatioSamplerOptions,
  SamplerOptions,
  TracingModuleOptions,
} from './tracing.options';
export { TraceService } from './trace.service';
export type { TextCarrier } from './trace.service';
export { Traced } from './decorators/traced.decorator';
export type { TracedOptions } from './decorators/traced-options';
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
export type { GrpcClientOptionsLike } from './client/with-grpc-tracing';
export type { SamplingStats } from './sampling/sampling-counters';
export { ATTR_SAMPLING_KEPT } from './sampling/kept-span';
