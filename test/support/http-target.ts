import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the target server received: each request's path and its raw `traceparent` values. */
export interface ReceivedRequest {
  path: string;
  traceparents: string[];
  baggage: string[];
}

export interface HttpTarget {
  url: string;
  port: number;
  received: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A plain node:http server on 127.0.0.1 for outgoing-call tests: `/ok` 200, `/missing` 404,
 * `/fail` 500, `/redirect` 302 to `/ok`, `/slow` never answers (until closed). It records the
 * trace headers as they came on the wire, repeated ones included.
 */
export async function startHttpTarget(): Promise<HttpTarget> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((request, response) => {
    const valuesOf = (name: string) => request.rawHeaders.filter((_, i) => i % 2 === 1 && request.rawHeaders[i - 1].toLowerCase() === name);
    const path = request.url ?? '/';
    received.push({ path, traceparents: valuesOf('traceparent'), baggage: valuesOf('baggage') });
    const route = path.split('?')[0];
    if (route === '/slow') return;
    if (route === '/redirect') {
      response.writeHead(302, { location: '/ok' }).end();
      return;
    }
    const status = route === '/missing' ? 404 : route === '/fail' ? 500 : 200;
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
