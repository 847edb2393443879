import { Inject, Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { TracingSdk } from '../sdk/tracing-sdk';
import { resolveViewerSettings } from '../sdk/viewer-settings';
import { serveTraceViewer } from '../viewer/serve-trace-viewer';
import { TRACING_SDK } from '../tracing.constants';
import { TRACING_OPTIONS } from '../tracing.module-definition';
import type { TracingModuleOptions } from '../tracing.options';
import { FastifyLikeInstance, traceFastifyRoutes } from './http/fastify-routes';
import { recordHttpExceptions } from './http/http-exception-recorder';
import { HttpServerTracer } from './http/http-server-tracer';

/** Installs HTTP server tracing on the app's HTTP server, if the app has one. */
@Injectable()
export class HttpServerInstrumentation implements OnApplicationBootstrap {
  private tracer?: HttpServerTracer;

  constructor(
    @Inject(TRACING_OPTIONS) private readonly options: TracingModuleOptions,
    @Inject(TRACING_SDK) private readonly sdk: TracingSdk,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  /** Called by the module while Nest registers middleware, which comes before its routes. */
  beforeRoutes(): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    traceFastifyRoutes(adapter.getInstance() as FastifyLikeInstance, (request, response) => this.tracer?.enterRequest(request, response));
  }

  onApplicationBootstrap(): void {
    const adapter = this.adapterHost?.httpAdapter;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (!adapter || !server) return; // a microservice without HTTP
    this.tracer = new HttpServerTracer(this.options.http, this.sdk.appTracer);
    this.tracer.instrument(server);
    recordHttpExceptions();
    // After the tracer: the viewer answers in front of it, so its own requests get no span.
    const viewer = resolveViewerSettings(this.options);
    if (viewer && this.sdk.viewerStore) serveTraceViewer(server, viewer, this.sdk.viewerStore);
  }
}
