import { createServer } from 'node:net';

/**
 * `port`, or a free port on 127.0.0.1 when it is 0: Nest's gRPC server binds the port it is
 * given but does not report the one the system picked, so the demo picks it first.
 */
export function resolvePort(port: number): Promise<number> {
  if (port !== 0) return Promise.resolve(port);
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });
}
