import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { reportOnce } from '../diagnostics';
import type { ViewerSettings } from '../sdk/viewer-settings';
import type { TraceStore } from './trace-store';
import { viewerRoutes } from './viewer-routes';

type RequestListener = (this: unknown, request: IncomingMessage, response: ServerResponse) => void;

const SERVED = Symbol.for('nestjs-tracing.trace-viewer');

/**
 * Serves the viewer on the app's own Node server, in front of every `request` listener it has
 * (Express's or Fastify's, already wrapped by the HTTP tracer): its requests are answered
 * before any span starts and never reach the framework, so they are never traced and need no
 * controller, on any platform. Called once the server's listeners are in place.
 */
export function serveTraceViewer(server: Server, settings: ViewerSettings, store: TraceStore): void {
  const marked = server as Server & { [SERVED]?: boolean };
  if (marked[SERVED]) return;
  marked[SERVED] = true;
  const answer = viewerRoutes(settings, store);
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', function viewerRequestListener(this: unknown, request: IncomingMessage, response: ServerResponse) {
    let answered = false;
    try {
      answered = answer(request, response);
    } catch (error) {
      reportOnce('viewer-request', 'the trace viewer failed to answer a request', error);
      if (!response.headersSent) response.writeHead(500).end();
      return;
    }
    if (answered) return;
    for (const listener of listeners) listener.call(this, request, response);
  });
}
