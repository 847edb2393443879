import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '@opentelemetry/api';
import { tracingRuntime } from '../../tracing.runtime';
import { getRequestSpan } from './request-span';

type RouteHandler = (this: unknown, request: { raw: IncomingMessage }, reply: { raw: ServerResponse; getHeader(name: string): unknown }) => unknown;

/** Starts the span of a request that did not come through the server; see `HttpServerTracer.enterRequest`. */
export type EnterRequest = (request: IncomingMessage, response: ServerResponse) => Context | undefined;

interface FastifyRouteOptions {
  url?: string;
  handler: RouteHandler;
}

export interface FastifyLikeInstance {
  addHook(name: 'onRoute', hook: (route: FastifyRouteOptions) => void): unknown;
}

/**
 * Wraps the handler of every route Fastify registers from now on (Nest's, when called before
 * Nest registers them): it tells the request's SERVER span its route template, and runs the
 * handler (Nest's guards, pipes, interceptors and controller) in the span's context, which
 * Fastify's body parsing does not keep. Done per route at startup rather than with global
 * `onRequest`/`preHandler` hooks, which would put every request through Fastify's hook runner.
 */
export function traceFastifyRoutes(instance: FastifyLikeInstance, enterRequest: EnterRequest): void {
  instance.addHook('onRoute', (route) => {
    const handler = route.handler;
    const url = route.url;
    route.handler = function tracedRouteHandler(this: unknown, request, reply) {
      const state = getRequestSpan(request.raw);
      if (!state) {
        // `app.inject()` hands the request to Fastify's router without the server's `request`
        // event: its span starts here, once routed (an unrouted injected request gets none).
        const requestContext = enterRequest(request.raw, reply.raw);
        const started = getRequestSpan(request.raw);
        if (started) {
          if (url) started.route = url;
          started.reply = reply;
        }
        if (requestContext === undefined) return handler.call(this, request, reply);
        return tracingRuntime.with(requestContext, () => handler.call(this, request, reply));
      }
      if (url) state.route = url;
      state.reply = reply;
      // Without a body to parse, Fastify calls the handler still inside the request's context.
      if (tracingRuntime.activeContext() === state.context) return handler.call(this, request, reply);
      return tracingRuntime.with(state.context, () => handler.call(this, request, reply));
    };
  });
}
