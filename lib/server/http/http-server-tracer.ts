import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Context, ROOT_CONTEXT, Span, SpanKind, SpanOptions, SpanStatusCode, Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_RESPONSE_HEADER, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { suppressTracing } from '@opentelemetry/core';
import { contextWithSpan } from '../../context/linked-context';
import { reportOnce } from '../../diagnostics';
import { tracingRuntime } from '../../tracing.runtime';
import { headerAllowList } from './header-allow-list';
import { httpRequestAttributes, normalizeMethod, urlPath } from './http-request-attributes';
import { getRequestSpan, RequestSpan, setRequestSpan } from './request-span';
import { normalizeRouteTemplate } from './route-template';
import type { HttpTracingOptions } from '../../tracing.options';

type RequestListener = (this: unknown, request: IncomingMessage, response: ServerResponse) => void;

const INSTRUMENTED = Symbol.for('nestjs-tracing.instrumented-server');

const SERVER_SPAN: SpanOptions = { kind: SpanKind.SERVER };

/** Requests to ignored paths run here: their `@Traced` calls record nothing either. */
const UNTRACED = suppressTracing(ROOT_CONTEXT);

/** Express keeps the matched route on the request; Fastify's is set by our hook instead. */
function expressRoute(request: IncomingMessage): string | undefined {
  const { route, baseUrl } = request as IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };
  return typeof route?.path === 'string' ? `${baseUrl ?? ''}${route.path}` : undefined;
}

/**
 * Gives every request that reaches the Node server one SERVER span, whatever happens to it in
 * the framework (a guard, a pipe or a middleware rejecting it, no route matching, a body that
 * does not parse): it wraps the server's `request` listeners, so the span starts before any
 * framework code and ends when the response closes.
 */
export class HttpServerTracer {
  private readonly requestHeaders: string[];
  private readonly responseHeaders: string[];
  private readonly ignoredPaths: Set<string>;

  /** @param appTracer this app's own tracer, when it shares the process with other apps */
  constructor(
    options: HttpTracingOptions = {},
    private readonly appTracer?: Tracer,
  ) {
    this.requestHeaders = headerAllowList(options.requestHeaders, options.deniedHeaders);
    this.responseHeaders = headerAllowList(options.responseHeaders, options.deniedHeaders);
    this.ignoredPaths = new Set(options.ignorePaths ?? []);
  }

  instrument(server: Server): void {
    const marked = server as Server & { [INSTRUMENTED]?: boolean };
    if (marked[INSTRUMENTED]) return;
    marked[INSTRUMENTED] = true;
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    for (const listener of listeners) server.on('request', this.wrap(listener));
  }

  private wrap(listener: RequestListener): RequestListener {
    const tracer = this;
    return function tracedRequestListener(this: unknown, request, response) {
      if (getRequestSpan(request)) return listener.call(this, request, response);
      const requestContext = tracer.enterRequest(request, response);
      if (requestContext === undefined) return listener.call(this, request, response);
      // No thisArg here: the context manager would `bind` it, and Express's app has its own `bind`.
      return tracingRuntime.with(requestContext, Reflect.apply, undefined, listener, this, [request, response]);
    };
  }

  /**
   * Starts the request's SERVER span, ended when the response closes, and returns the context
   * to serve it in (an untraced one for an ignored path); undefined when the span could not
   * start. The server's listener calls it, and so does Fastify's route handler for requests
   * that never passed the server (`app.inject()`).
   */
  enterRequest(request: IncomingMessage, response: ServerResponse): Context | undefined {
    if (this.isIgnored(request)) return UNTRACED;
    try {
      const state = this.start(request);
      // An unsampled span has nothing to record when the response ends.
      if (state.recording) response.on('close', () => this.finishSafely(request, response, state));
      return state.context;
    } catch (error) {
      // A propagator or sampler of the app's that throws: serve the request untraced.
      reportOnce('http-server-span-start', 'starting an HTTP server span failed; request served untraced', error);
      return undefined;
    }
  }
  private readonly requestAttributes = (request: IncomingMessage) => httpRequestAttributes(request, this.requestHeaders);

  private isIgnored(request: IncomingMessage): boolean {
    return this.ignoredPaths.size > 0 && this.ignoredPaths.has(urlPath(request.url));
  }

  private finishSafely(request: IncomingMessage, response: ServerResponse, state: RequestSpan): void {
    try {
      this.finish(request, response, state);
    } catch (error) {
      reportOnce('http-server-span-end', 'ending an HTTP server span failed', error);
    }
  }

  private start(request: IncomingMessage): RequestSpan {
    // An invalid traceparent is ignored by the W3C propagator: the request starts a new trace.
    const parent = tracingRuntime.extractIncoming(request.headers);
    const tracer = this.appTracer ?? tracingRuntime.tracer;
    const name = normalizeMethod(request.method);
    let span: Span;
    if (tracingRuntime.samplerReadsAttributes) {
      span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes: httpRequestAttributes(request, this.requestHeaders) }, parent);
    } else {
      // Our samplers decide on the trace id alone: unsampled requests skip the attributes.
      span = tracingRuntime.startSpan(tracer, name, SERVER_SPAN, parent);
      if (span.isRecording()) tracingRuntime.setStartAttributes(span, this.requestAttributes, request);
    }
    // One shape for every request's state: the route and reply are filled in later.
    const state: RequestSpan = {
      span,
      context: tracingRuntime.withAppTracer(contextWithSpan(parent, span), this.appTracer),
      recording: span.isRecording(),
      route: undefined,
      errorMessage: undefined,
      reply: undefined,
    };
    setRequestSpan(request, state);
    return state;
  }

  private finish(request: IncomingMessage, response: ServerResponse, state: RequestSpan): void {
    const { span } = state;
    const route = state.route ?? expressRoute(request);
    const status = response.statusCode;
    if (route !== undefined) {
      const template = normalizeRouteTemplate(route);
      span.setAttribute(ATTR_HTTP_ROUTE, template);
      if (state.name === undefined) span.updateName(`${normalizeMethod(request.method)} ${template}`);
    }
    if (state.name !== undefined) span.updateName(state.name);
    // A response the client abandoned before it was sent has no status code to report.
    if (!response.headersSent) {
      span.setAttribute(ATTR_ERROR_TYPE, 'aborted');
      span.end();
      return;
    }
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    for (const name of this.responseHeaders) {
      const value = state.reply ? state.reply.getHeader(name) : response.getHeader(name);
      if (value !== undefined) span.setAttribute(ATTR_HTTP_RESPONSE_HEADER(name), Array.isArray(value) ? value : [String(value)]);
    }
    // 4xx are the client's errors: the server span keeps its status unset (HTTP conventions).
    if (status >= 500) {
      span.setAttribute(ATTR_ERROR_TYPE, String(status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: state.errorMessage });
    }
    span.end();
  }
}
