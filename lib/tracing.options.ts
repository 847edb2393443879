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

/** How spans travel to the collector (`OTEL_EXPORTER_OTLP_PROTOCOL`). */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/** Compression of each export (`OTEL_EXPORTER_OTLP_COMPRESSION`). */
export type OtlpCompression = 'gzip' | 'none';
/** The sampler options under their first name. */
export type RatioSamplerOptions = SamplerOptions;

export interface OtlpExporterOptions {
  /**
   * Collector base URL; over HTTP `/v1/traces` is appended, over gRPC it is dialled as it is.
   * A full traces URL goes in `tracesEndpoint`.
   * @default `OTEL_EXPORTER_OTLP_ENDPOINT`, else `http://localhost:4318` (`http://localhost:4317` for grpc)
   */
  endpoint?: string;
  /** @default `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` */
  tracesEndpoint?: string;
  /** Full logs URL, used when `logs.otlp` is on (always OTLP/HTTP). @default `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`, else the base URL + `/v1/logs` */
  logsEndpoint?: string;
  /**
   * `grpc` needs the optional peer `@opentelemetry/exporter-trace-otlp-grpc` installed.
   * @default `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL` / `OTEL_EXPORTER_OTLP_PROTOCOL`, else `http/protobuf`
   */
  protocol?: OtlpProtocol;
  /** Extra headers sent to the collector (gRPC metadata over grpc). @default `OTEL_EXPORTER_OTLP_HEADERS` */
  headers?: Record<string, string>;
  /** Export timeout in milliseconds, above 0. @default `OTEL_EXPORTER_OTLP_TIMEOUT`, else 10000 */
  timeoutMillis?: number;
  /** @default `OTEL_EXPORTER_OTLP_COMPRESSION`, else `'none'` */
  compression?: OtlpCompression;
}

export interface HttpTracingOptions {
  /**
   * Request headers recorded as `http.request.header.<name>` attributes. Nothing is recorded
   * unless listed, and never a header of the deny list (see `deniedHeaders`).
   * @default []
   */
  requestHeaders?: string[];
  /** Response headers recorded as `http.response.header.<name>`; the deny list applies. @default [] */
  responseHeaders?: string[];
  /**
   * More header names never recorded, even when listed in `requestHeaders` or `responseHeaders`.
   * They add to the default deny list, which cannot be shortened: `authorization`,
   * `proxy-authorization`, `cookie`, `set-cookie`, `x-api-key`, `api-key`, `x-auth-token`,
   * `x-access-token`, `x-refresh-token`, `x-csrf-token`, `x-xsrf-token`, `x-amz-security-token`,
   * and any name with the word `token`, `secret`, `password`, `passwd`, `credential(s)`,
   * `session`, `api-key` or `apikey` between dashes or underscores.
   * @default []
   */
  deniedHeaders?: string[];
  /**
   * Paths (exact, without query) that get no span, e.g. health checks.
   * @default []
   */
  ignorePaths?: string[];
  /** Outgoing requests: global `fetch` / undici and `node:http` / `node:https` (axios, got...). */
  client?: HttpClientTracingOptions;
}

/**
 * Which outgoing URLs a rule picks: a string picks URLs that start with it
 * (`'https://api.stripe.com/'`), a RegExp is tested against the URL, a function is given it.
 * The URL is the request's own, before any redaction.
 */
export type UrlMatcher = string | RegExp | ((url: string) => boolean);

/**
 * Outgoing HTTP requests made while a span is active become CLIENT spans, and carry the trace
 * context (`traceparent`, `tracestate`, `baggage`) to the server they call.
 */
export interface HttpClientTracingOptions {
  /**
   * Trace outgoing requests at all.
   * @default true
   */
  enabled?: boolean;
  /**
   * Requests to these URLs get no span and no trace headers (a metadata endpoint, a noisy poller).
   * @default []
   */
  ignoreUrls?: UrlMatcher[];
  /**
   * Servers the trace context is sent to: a string is a host name (`api.example.com`) or
   * `host:port`; a RegExp is tested against the URL. Requests to other servers still get their
   * span, but no `traceparent` / `tracestate` / `baggage` leaves for them.
   * @default every server
   */
  propagateTo?: (string | RegExp)[];
  /**
   * Record the values of query parameters in `url.full`. Off, every value is `REDACTED` and only
   * the keys show (`?page=REDACTED&token=REDACTED`): query strings carry personal data. On,
   * values are kept but those of `sensitiveQueryKeys`.
   * @default false
   */
  recordQueryValues?: boolean;
  /**
   * Query parameters whose values are replaced with `REDACTED` in `url.full` (case-insensitive)
   * when `recordQueryValues` is on.
   * Giving a list replaces the default one; extend it with `DEFAULT_SENSITIVE_QUERY_KEYS`.
   * @default `DEFAULT_SENSITIVE_QUERY_KEYS` (token, access_token, api_key, key, sig, signature,
   * password, secret, code, ...)
   */
  sensitiveQueryKeys?: string[];
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
   * (its local parent may end later) before it is printed, in milliseconds; so does a trace
   * that sent a message (a PRODUCER span), for its consumer's spans.
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
 * Database drivers traced at the driver: `pg` and `mysql2` (3.20+). Each query run while a span
 * is active becomes a CLIENT span named `{operation} {table}` with its text, literals removed.
 */
export interface DatabaseTracingOptions {
  /**
   * Trace the queries of the drivers the app has installed. Off, no driver is touched.
   * @default true
   */
  enabled?: boolean;
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

/**
 * The local trace viewer: a page on the app's own HTTP server listing the last traces of this
 * process, each one as a waterfall. For development: it shows every recorded span to whoever
 * can reach the app, so it refuses to start under `NODE_ENV=production` unless forced.
 */
export interface ViewerOptions {
  /**
   * Where the page is served; its JSON API is under `<path>/api/traces`. Requests to it are
   * answered before the framework (no middleware, guard or global prefix applies) and get no span.
   * @default '/_traces'
   */
  path?: string;
  /** Most traces kept (the newest); past it the oldest is dropped. From 1 to 10000. @default 100 */
  maxTraces?: number;
  /** Most spans kept per trace; later ones are counted, not kept. From 1 to 100000. @default 500 */
  maxSpansPerTrace?: number;
  /** Serve it even under `NODE_ENV=production`. @default false */
  allowInProduction?: boolean;
}

/**
 * GraphQL operations served by `@nestjs/graphql` (Apollo or Mercurius driver): the request's
 * SERVER span is named after the operation (`query GetOrder`), and resolvers that do async work
 * get INTERNAL spans (`Query.order`, `Order.items`). See the README's GraphQL section.
 */
export interface GraphqlTracingOptions {
  /**
   * Which resolvers get a span: `'async'` those whose method returns a Promise or an
   * Observable (a trivial field resolver returning a value gets none, so a list query does not
   * become a span per field), `'all'` every Nest resolver, `'none'` no resolver. `@Traced`
   * resolvers keep their own span either way.
   * @default 'async'
   */
  resolverSpans?: 'async' | 'all' | 'none';
  /**
   * Record the operation's document as `graphql.document`, every literal value (string,
   * number, boolean) replaced by `?`; variables keep their names, never their values.
   * @default false
   */
  recordDocument?: boolean;
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
  /** Database driver tracing (`pg`, `mysql2`). */
  db?: DatabaseTracingOptions;
  /** GraphQL operations and resolvers (`@nestjs/graphql`). */
  graphql?: GraphqlTracingOptions;
  /**
   * No status lines in the app's log. By default the module tells Nest's logger (context
   * `TracingModule`) one line at startup (service, exporter and endpoint, sampler), a warning
   * the first time an export fails, and a line when exports work again. The diag logger still
   * gets the failures when quiet.
   * @default false
   */
  quiet?: boolean;
  /** Trace ids in log lines, log lines in traces. */
  logs?: LogsTracingOptions;
  /**
   * Serve the local trace viewer (`true` for the defaults). Off, nothing is added: no route, no
   * span processor, nothing stored.
   * @default false
   */
  viewer?: boolean | ViewerOptions;
}
