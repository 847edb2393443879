import type { Server } from 'node:http';

/**
 * Node closes a keep-alive connection idle for 5 s; on a loaded machine a pause can last that
 * long, and the client's next request on it then fails with ECONNRESET. Under load tests, the
 * client decides when to close.
 */
export function keepConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = 120_000;
}

/**
 * Sends `count` GET requests, `inFlight` at a time, each to `urlOf(i)`; resolves with their
 * status codes in order. Throws on a request that fails to complete.
 */
export async function sendRequests(count: number, inFlight: number, urlOf: (i: number) => string): Promise<number[]> {
  const statuses: number[] = new Array(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const response = await fetch(urlOf(i));
      await response.arrayBuffer();
      statuses[i] = response.status;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return statuses;
}
