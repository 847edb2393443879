import type { Attributes } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Built-in exporters, chosen by name here or by `OTEL_TRACES_EXPORTER`. */
export type ExporterName = 'console' | 'otlp' | 'memory' | 'none';

/**
 * Keep what the head sampler did not: the local part of an unsampled trace is recorded (not
 * sampled: what it calls is told "unsampled") and exported whole, each span marked
 * `sampling.kept`, when one of its spans ends with ERROR or its local root is slow.
 */
export interface KeepOptions {
  /**
   * Keep an unsampled local trace when any of its spans ends with status ERROR (a 5xx, a gRPC
   * server error, a `@Traced` method that threw).
   * @default true
   */
  errors?: boolean;
  /** Keep it when its local root (e.g. the SERVER span) lasts longer than this, in milliseconds. @default off */
  slowerThanMs?: number;
  /**
   * Most ended spans held across the unsampled traces still running; past it the oldest trace
   * is dropped (counted in `bufferDrops`, reported once).
   * @default 10000
   */
  maxSpans?: number;
  /** Most unsampled local traces held at once; past it the oldest is dropped. @default 1000 */
  maxTraces?: number;
}

/**
 * How new traces are sampled: a fixed `ratio`, or at most about `maxPerSecond` (adaptive).
 * Parent-based by default: a child follows its parent's decision.
 */
export interface SamplerOptions {
  /**
   * Fraction of new traces to sample, from 0 to 1. Not with `maxPerSecond`.
   * @default 1 (or `OTEL_TRACES_SAMPLER_ARG`)
   */
  ratio?: number;
  /**
   * Adaptive sampling: keep about this many new traces per second (traces/s, > 0) whatever the
   * load; all of them while they come slower. Not with `ratio`.
   * @default off (or `OTEL_TRACES_SAMPLER=parentbased_adaptive` with `OTEL_TRACES_SAMPLER_ARG`)
   */
  maxPerSecond?: number;
  /** Adaptive sampling: how long the rate of new traces is measured before it adapts, in milliseconds. @default 1000 */
  windowMs?: number;
  /**
   * Follow the parent's sampling decision when there is one (W3C `traceparent` flag).
   * @default true
   */
  parentBased?: boolean;
  /** Also export unsampled traces that fail or are slow. @default off */
  keep?: KeepOptions;
}

/** The sampler options under their first name. */
export type RatioSamplerOptions = SamplerOptions;

export interface OtlpExporterOptions {
  /**
   * Collector base URL; `/v1/traces` is appended. A full traces URL goes in `tracesEndpoint`.
   * @default `OTEL_EXPORTER_OTLP_ENDPOINT`, else `http://localhost:4318`
   */
  endpoint?: string;
  /** @default `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` */
  tracesEndpoint?: string;
  /** @default `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf` */
  protocol?: 'http/protobuf';
  /** Extra headers sent to the collector. @default `OTEL_EXPORTER_OTLP_HEADERS` */
  headers?: Record<string, string>;
  /** Export timeout in milliseconds. @default `OTEL_EXPORTER_OTLP_TIMEOUT`, else 10000 */
  timeoutMillis?: number;
}

export interface HttpTracingOptions {
  /**
   * Request headers recorded as `http.request.header.<name>` attributes. Nothing is recorded
   * unless listed; `authorization`, `cookie` and `set-cookie` are never recorded.
   * @default []
   */
  requestHeaders?: string[];
  /** Response headers recorded as `http.response.header.<name>`. @default [] */
  responseHeaders?: string[];
  /**
   * Paths (exact, without query) that get no span, e.g. health checks.
   * @default []
   */
  ignorePaths?: string[];
}

/** gRPC tracing (Nest's gRPC transport on the server, the grpc-js client interceptor). */
export interface GrpcTracingOptions {
  /**
   * Also record each message of a streaming call as a `message` event (`rpc.message.type`
   * `SENT`/`RECEIVED`, `rpc.message.id` counting from 1 per direction). Message counts are
   * always recorded as attributes; events cost one per message, so they are opt-in.
   * @default false
   */
  recordMessageEvents?: boolean;
}

export interface ConsoleExporterOptions {
  /**
   * Attributes printed beside each span in the tree. Keys not listed are not printed.
   * @default every attribute but the protocol ones (`http.*`, `url.*`, `rpc.*`, `network.*`...)
   */
  attributes?: string[];
  /**
   * How long a trace whose root came from another process waits for more of its spans
   * (its local parent may end later) before it is printed, in milliseconds.
   * @default 500
   */
  graceMillis?: number;
  /** Where the trees go. @default `process.stdout` */
  write?: (text: string) => void;
}

/** Options of `TracingModule.forRoot()`. Every field is optional; code wins over `OTEL_*`. */
export interface TracingModuleOptions {
  /** `service.name` of the resource. @default `OTEL_SERVICE_NAME`, else `unknown_service:node` */
  serviceName?: string;
  /** `service.version` of the resource. @default `OTEL_SERVICE_VERSION` via `OTEL_RESOURCE_ATTRIBUTES` */
  serviceVersion?: string;
  /** More resource attributes, merged over `OTEL_RESOURCE_ATTRIBUTES`. @default {} */
  resourceAttributes?: Attributes;
  /**
   * Where spans go: a built-in exporter by name or any OpenTelemetry `SpanExporter`.
   * @default `OTEL_TRACES_EXPORTER`, else `'otlp'`
   */
  exporter?: ExporterName | SpanExporter;
  /** OTLP exporter settings, used when the exporter is `'otlp'`. */
  otlp?: OtlpExporterOptions;
  /** Console tree settings, used when the exporter is `'console'`. */
  console?: ConsoleExporterOptions;
  /**
   * Sampling options (ratio or adaptive, keep errors and slow traces), or any OpenTelemetry `Sampler`.
   * @default `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, else parent-based always-on
   */
  sampler?: SamplerOptions | Sampler;
  /**
   * How finished spans reach the exporter. `'simple'` exports each span as it ends.
   * @default `'simple'` for the memory and console exporters, `'batch'` otherwise
   */
  spanProcessor?: 'batch' | 'simple';
  /** Incoming HTTP request tracing. */
  http?: HttpTracingOptions;
  /** gRPC server and client tracing. */
  grpc?: GrpcTracingOptions;
}
