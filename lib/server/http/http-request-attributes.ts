import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_HEADER,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'QUERY']);

/** Known methods as they are; anything else is `_OTHER`, as the conventions ask. */
export function normalizeMethod(method: string | undefined): string {
  // Nearly always already a known, upper-case method: no new string for it.
  if (method !== undefined && KNOWN_METHODS.has(method)) return method;
  const upper = (method ?? 'GET').toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** The path of a request target, without its query string. */
export function urlPath(url: string | undefined): string {
  if (!url) return '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Host header split into name and port; IPv6 literals keep their brackets off. */
function hostAndPort(host: string | undefined): [string | undefined, number | undefined] {
  if (!host) return [undefined, undefined];
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(host);
  if (!match) return [host, undefined];
  return [match[1], match[2] ? Number(match[2]) : undefined];
}

/** The attributes known when a request arrives (the route and status come later). */
export function httpRequestAttributes(request: IncomingMessage, requestHeaders: readonly string[]): Attributes {
  const method = normalizeMethod(request.method);
  const socket = request.socket;
  const encrypted = (socket as { encrypted?: boolean } | undefined)?.encrypted === true;
  const [serverAddress, serverPort] = hostAndPort(request.headers.host);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: urlPath(request.url),
    [ATTR_URL_SCHEME]: encrypted ? 'https' : 'http',
    [ATTR_NETWORK_PROTOCOL_VERSION]: request.httpVersion,
  };
  if (method === '_OTHER' && request.method) attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = request.method;
  if (serverAddress) attributes[ATTR_SERVER_ADDRESS] = serverAddress;
  if (serverPort) attributes[ATTR_SERVER_PORT] = serverPort;
  const userAgent = request.headers['user-agent'];
  if (userAgent) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  if (socket?.remoteAddress) attributes[ATTR_NETWORK_PEER_ADDRESS] = socket.remoteAddress;
  if (socket?.remotePort) attributes[ATTR_NETWORK_PEER_PORT] = socket.remotePort;
  for (const name of requestHeaders) {
    const value = request.headers[name];
    if (value !== undefined) attributes[ATTR_HTTP_REQUEST_HEADER(name)] = Array.isArray(value) ? value : [value];
  }
  return attributes;
}
