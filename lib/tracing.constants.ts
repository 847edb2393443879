/** Name and version under which this library's tracer is registered. */
export const INSTRUMENTATION_NAME = 'nestjs-tracing';
export const INSTRUMENTATION_VERSION = '0.1.0';

/** DI token of the running SDK (or the host app's provider) the module traces with. */
export const TRACING_SDK = 'TRACING:SDK';

/** DI token of the step that makes the gRPC transport trace the app's gRPC handlers. */
export const GRPC_TRANSPORT_TRACED = 'TRACING:GRPC_TRANSPORT_TRACED';

/** DI token of the step that makes the other transports trace the app's message handlers and clients. */
export const MESSAGE_TRANSPORTS_TRACED = 'TRACING:MESSAGE_TRANSPORTS_TRACED';

/** DI token of the step that makes Nest's WebSocket machinery trace the app's gateway messages. */
export const GATEWAYS_TRACED = 'TRACING:GATEWAYS_TRACED';

/** DI token of the step that makes each run of the app's `@Cron`/`@Interval`/`@Timeout` jobs a root span. */
export const SCHEDULED_JOBS_TRACED = 'TRACING:SCHEDULED_JOBS_TRACED';

/** DI token of the step that makes each run of the app's `@OnEvent` handlers a span. */
export const EVENT_HANDLERS_TRACED = 'TRACING:EVENT_HANDLERS_TRACED';

/** Reflect metadata keys, namespaced so they never collide with Nest's or the user's. */
export const SPAN_ATTRIBUTE_PARAMS = 'TRACING:SPAN_ATTRIBUTE_PARAMS';
export const TRACED_METHOD = 'TRACING:TRACED_METHOD';
