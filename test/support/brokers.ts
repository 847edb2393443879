import { connect } from 'node:net';

/** The brokers the messaging and queue tests run against, on 127.0.0.1, at their standard ports. */
export const BROKERS = {
  Redis: 6379,
  NATS: 4222,
  RabbitMQ: 5672,
  Mosquitto: 1883,
} as const;

export type BrokerName = keyof typeof BROKERS;

/**
 * Resolves when the broker accepts a TCP connection; otherwise fails with its name and address,
 * so a run without it fails (never skips) and says what to start.
 */
export function requireBroker(name: BrokerName, port: number = BROKERS[name], timeoutMillis = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const fail = (reason: string): void => {
      socket.destroy();
      reject(new Error(`${name} is not reachable on 127.0.0.1:${port} (${reason}): start it before running the messaging tests`));
    };
    socket.setTimeout(timeoutMillis, () => fail('timed out'));
    socket.once('error', (error) => fail(error.message));
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
}
