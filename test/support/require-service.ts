import { connect } from 'node:net';

/**
 * Fails, naming the service, when nothing listens on 127.0.0.1:`port`: a test that needs a real
 * server never passes by skipping. Start it with the command in DEVELOPERS.md.
 */
export function requireService(name: string, port: number, timeoutMillis = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const fail = () => {
      socket.destroy();
      reject(new Error(`${name} on 127.0.0.1:${port} is not reachable`));
    };
    socket.setTimeout(timeoutMillis, fail);
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}
