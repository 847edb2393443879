import { DynamicModule, Module, NestModule } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { OutgoingHttpInstrumentation } from './client/http/outgoing-http-instrumentation';
import { DatabaseTracing } from './database/database-tracing';
import { startTracingSdk, TracingSdk } from './sdk/tracing-sdk';
import { TracingLifecycle } from './sdk/tracing-lifecycle';
import { TracingLogs } from './logs/tracing-logs';
import { traceGrpcTransport } from './server/grpc/grpc-transport-tracing';
import { GrpcServerTracer } from './server/grpc/grpc-server-tracer';
import { GraphqlTracing } from './server/graphql/graphql-tracing';
import { HttpServerInstrumentation } from './server/http-server-instrumentation';
import { MessageServerTracer } from './server/microservices/message-server-tracer';
import { traceMessageTransports } from './server/microservices/message-transport-tracing';
import { GatewayMessageTracer } from './server/websockets/gateway-message-tracer';
import { traceGateways } from './server/websockets/gateway-tracing';
import { traceMessageClientsIfUsed } from './client/microservices/message-client-tracing';
import { ScheduledJobTracer } from './server/schedule/scheduled-job.tracer';
import { traceScheduledJobs } from './server/schedule/schedule-tracing';
import { EventHandlerTracer } from './server/events/event-handler.tracer';
import { traceEventHandlers } from './server/events/event-tracing';
import { TraceService } from './trace.service';
import { EVENT_HANDLERS_TRACED, GATEWAYS_TRACED, GRPC_TRANSPORT_TRACED, MESSAGE_TRANSPORTS_TRACED, SCHEDULED_JOBS_TRACED, TRACING_SDK } from './tracing.constants';
import { ConfigurableTracingModule, TRACING_OPTIONS, TRACING_OPTIONS_TYPE } from './tracing.module-definition';
import type { TracingModuleOptions } from './tracing.options';
import { tracingRuntime } from './tracing.runtime';

function startSdk(options: TracingModuleOptions): TracingSdk {
  const sdk = startTracingSdk(options ?? {});
  tracingRuntime.use(sdk.tracer, sdk.contextManager, sdk.sampling, sdk.ownsPropagator);
  return sdk;
}

/** Message handlers of the app's controllers, and every message client of the process. */
function traceMessages(discovery: DiscoveryService, tracer: MessageServerTracer): void {
  traceMessageTransports(discovery, tracer);
  traceMessageClientsIfUsed();
}

/**
 * Distributed tracing for the whole app in one import: sets up OpenTelemetry (or uses the one
 * the app registered), traces every HTTP request, gRPC call, microservice and gateway message,
 * scheduled job run and `@OnEvent` handler run, the HTTP requests the app makes itself (fetch,
 * node:http), and provides `TraceService`.
 *
 * @example
 * @Module({ imports: [TracingModule.forRoot({ serviceName: 'orders', exporter: 'console' })] })
 * export class AppModule {}
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: TRACING_SDK, useFactory: startSdk, inject: [TRACING_OPTIONS] },
    TracingLifecycle,
    TracingLogs,
    TraceService,
    HttpServerInstrumentation,
    OutgoingHttpInstrumentation,
    GrpcServerTracer,
    DatabaseTracing,
    GraphqlTracing,
    { provide: GRPC_TRANSPORT_TRACED, useFactory: traceGrpcTransport, inject: [DiscoveryService, GrpcServerTracer] },
    MessageServerTracer,
    { provide: MESSAGE_TRANSPORTS_TRACED, useFactory: traceMessages, inject: [DiscoveryService, MessageServerTracer] },
    GatewayMessageTracer,
    { provide: GATEWAYS_TRACED, useFactory: traceGateways, inject: [DiscoveryService, GatewayMessageTracer] },
    ScheduledJobTracer,
    { provide: SCHEDULED_JOBS_TRACED, useFactory: traceScheduledJobs, inject: [DiscoveryService, ScheduledJobTracer] },
    EventHandlerTracer,
    { provide: EVENT_HANDLERS_TRACED, useFactory: traceEventHandlers, inject: [DiscoveryService, EventHandlerTracer] },
  ],
  exports: [TraceService, TRACING_SDK],
})
export class TracingModule extends ConfigurableTracingModule implements NestModule {
  constructor(private readonly httpServer: HttpServerInstrumentation) {
    super();
  }

  /** Nest registers middleware before routes: the last moment to see every route registered. */
  configure(): void {
    this.httpServer.beforeRoutes();
  }

  /** Every option is optional: `forRoot()` alone follows the `OTEL_*` variables. */
  static override forRoot(options: typeof TRACING_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }
}
