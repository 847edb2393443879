import type { Attributes } from '@opentelemetry/api';
import type { Sampler, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Built-in exporters, chosen by name here or by `OTEL_TRACES_EXPORTER`. */
export type ExporterName = 'console' | 'otlp' | 'memory' | 'none';

/** Ratio sampling. Parent-based by default: a child follows its parent's decision. */
export interface RatioSamplerOptions {
  /**
   * Fraction of new traces to sample, from 0 to 1.
   * @default 1 (or `OTEL_TRACES_SAMPLER_ARG`)
   */
  ratio?: number;
  /**
   * Follow the parent's sampling decision when there is one (W3C `traceparent` flag).
   * @default true
   */
  parentBased?: boolean;
}

export interface OtlpExporterOptions {
  /**
   * Collector base URL; `/v1/traces` is appended. A full traces URL goes in `tracesEndpoint`.
   * @default `OTEL_EXPORTER_OTLP_ENDPOINT`, else `http://localhost:4318`
   */
  endpoint?: string;
  /** @default `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` */
  tracesEndpoint?: string;
  /** Full logs URL, used when `logs.otlp` is on. @default `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`, else the base URL + `/v1/logs` */
  logsEndpoint?: string;
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
  /**
   * Also print the log lines written inside a traced request in its tree, at their place
   * (`log: ...`), from Nest's logger and the pino and winston hooks (see `logs`).
   * @default false
   */
  logs?: boolean;
  /** Where the trees go. @default `process.stdout` */
  write?: (text: string) => void;
}

/**
 * Log lines and traces joined: Nest's `ConsoleLogger` is handled by the module itself; pino
 * takes `pinoTracing()` and winston `winstonTracing()` (see the README's Logs section).
 */
export interface LogsTracingOptions {
  /**
   * Add the active span's `trace_id`, `span_id` and `trace_flags` to each line written inside
   * a span (a ` trace_id=... span_id=...` suffix in Nest's text form, fields in JSON). Lines
   * outside a span are left as they are.
   * @default true
   */
  correlation?: boolean;
  /**
   * Record error and fatal lines written inside a span as `log` events on it (`log.severity`,
   * `log.message`), so the trace shows them at their time. Messages may hold personal data.
   * @default false
   */
  spanEvents?: boolean;
  /**
   * Also send every log line as an OTLP log record (with its trace context) to the collector
   * the spans go to, `/v1/logs` (see `otlp.logsEndpoint`). The logs SDK loads only when on.
   * @default `OTEL_LOGS_EXPORTER=otlp`, else false
   */
  otlp?: boolean;
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
   * Ratio sampling options, or any OpenTelemetry `Sampler`.
   * @default `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, else parent-based always-on
   */
  sampler?: RatioSamplerOptions | Sampler;
  /**
   * How finished spans reach the exporter. `'simple'` exports each span as it ends.
   * @default `'simple'` for the memory and console exporters, `'batch'` otherwise
   */
  spanProcessor?: 'batch' | 'simple';
  /** Incoming HTTP request tracing. */
  http?: HttpTracingOptions;
  /** gRPC server and client tracing. */
  grpc?: GrpcTracingOptions;
  /** Trace ids in log lines, log lines in traces. */
  logs?: LogsTracingOptions;
}
