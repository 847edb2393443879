import { DynamicModule, Module, NestModule } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { startTracingSdk, TracingSdk } from './sdk/tracing-sdk';
import { TracingLifecycle } from './sdk/tracing-lifecycle';
import { TracingLogs } from './logs/tracing-logs';
import { traceGrpcTransport } from './server/grpc/grpc-transport-tracing';
import { GrpcServerTracer } from './server/grpc/grpc-server-tracer';
import { HttpServerInstrumentation } from './server/http-server-instrumentation';
import { TraceService } from './trace.service';
import { GRPC_TRANSPORT_TRACED, TRACING_SDK } from './tracing.constants';
import { ConfigurableTracingModule, TRACING_OPTIONS, TRACING_OPTIONS_TYPE } from './tracing.module-definition';
import type { TracingModuleOptions } from './tracing.options';
import { tracingRuntime } from './tracing.runtime';

function startSdk(options: TracingModuleOptions): TracingSdk {
  const sdk = startTracingSdk(options ?? {});
  tracingRuntime.use(sdk.tracer, sdk.contextManager, sdk.sampling);
  return sdk;
}

/**
 * Distributed tracing for the whole app in one import: sets up OpenTelemetry (or uses the one
 * the app registered), traces every HTTP request and gRPC call, and provides `TraceService`.
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
    GrpcServerTracer,
    { provide: GRPC_TRANSPORT_TRACED, useFactory: traceGrpcTransport, inject: [DiscoveryService, GrpcServerTracer] },
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
