import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ViewerSettings } from '../sdk/viewer-settings';
import { summarizeTrace, traceToJson } from './trace-json';
import type { TraceStore } from './trace-store';
import { loadViewerPage } from './viewer-page';

/** The page loads its own script and style and calls its own API; nothing else, nothing inline. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const TRACE_ID = /^[0-9a-f]{32}$/;

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/**
 * Answers the viewer's requests: the page at `<path>` (and `<path>/`), its files, and the JSON
 * API `<path>/api/traces` (newest first) and `<path>/api/traces/:traceId`. Returns false for a
 * request that is not the viewer's, which the app then serves as usual.
 */
export function viewerRoutes(settings: ViewerSettings, store: TraceStore): (request: IncomingMessage, response: ServerResponse) => boolean {
  const base = settings.path;
  const files = loadViewerPage(base);
  const api = `${base}/api/traces`;
  return (request, response) => {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    if (path !== base && !path.startsWith(`${base}/`)) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      sendJson(response, 405, { error: 'the trace viewer only answers GET' });
      return true;
    }
    const file = files.get(path === base || path === `${base}/` ? 'viewer.html' : path.slice(base.length + 1));
    if (file) {
      send(response, 200, file.contentType, file.body);
    } else if (path === api) {
      const traces = store.all().map(summarizeTrace).sort((a, b) => b.startedAt - a.startedAt);
      sendJson(response, 200, { maxTraces: store.maxTraces, maxSpansPerTrace: store.maxSpansPerTrace, traces });
    } else if (path.startsWith(`${api}/`)) {
      const traceId = path.slice(api.length + 1);
      const trace = TRACE_ID.test(traceId) ? store.get(traceId) : undefined;
      if (trace) sendJson(response, 200, traceToJson(trace));
      else sendJson(response, 404, { error: 'no such trace in the viewer (it keeps the last traces only)' });
    } else {
      sendJson(response, 404, { error: 'not a page of the trace viewer' });
    }
    return true;
  };
}
