import { createServer } from 'node:net';
import { requireBroker } from './brokers';

/** A port nothing listens on: bound, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('requireBroker: a missing broker fails the run with its name, never skips it', () => {
  it('rejects naming the broker and its address when nothing answers', async () => {
    const port = await closedPort();
    await expect(requireBroker('RabbitMQ', port)).rejects.toThrow(`RabbitMQ is not reachable on 127.0.0.1:${port}`);
  });

  it('resolves when the port accepts a connection', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await expect(requireBroker('NATS', (server.address() as { port: number }).port)).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});
