import { connect as connectTcp } from 'node:net';
import { Transport } from '@nestjs/microservices';
import Redis from 'ioredis';
import { connect as connectNats, headers as natsHeaders, JSONCodec } from 'nats';
import * as mqtt from 'mqtt';
import type { BrokerName } from './brokers';

/** Where one test run's microservice listens and its client sends, unique to the run. */
export interface TransportSetup {
  name: string;
  broker?: BrokerName;
  /** Options for `connectMicroservice` and for `ClientsModule.register` (same shape in Nest). */
  options(): { transport: Transport; options: Record<string, unknown> };
  /**
   * Sends an event as a peer without this library would: a plain Nest packet, with
   * `traceparent` in the transport's carrier when given (to send a malformed one).
   */
  sendRaw(pattern: string, data: unknown, traceparent?: string): Promise<void>;
}

const RUN = Math.random().toString(36).slice(2, 8);

export function tcpSetup(port: () => number): TransportSetup {
  return {
    name: 'TCP',
    options: () => ({ transport: Transport.TCP, options: { host: '127.0.0.1', port: port() } }),
    sendRaw: (pattern, data, traceparent) =>
      new Promise((resolve, reject) => {
        const packet = JSON.stringify({ pattern, data, ...(traceparent ? { _trace: { traceparent } } : {}) });
        const socket = connectTcp({ host: '127.0.0.1', port: port() }, () => socket.end(`${packet.length}#${packet}`, () => resolve()));
        socket.once('error', reject);
      }),
  };
}

export const redisSetup: TransportSetup = {
  name: 'Redis',
  broker: 'Redis',
  options: () => ({ transport: Transport.REDIS, options: { host: '127.0.0.1', port: 6379 } }),
  async sendRaw(pattern, data, traceparent) {
    const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true });
    await redis.connect();
    await redis.publish(pattern, JSON.stringify({ pattern, data, ...(traceparent ? { _trace: { traceparent } } : {}) }));
    await redis.quit();
  },
};

export const natsSetup: TransportSetup = {
  name: 'NATS',
  broker: 'NATS',
  options: () => ({ transport: Transport.NATS, options: { servers: ['nats://127.0.0.1:4222'] } }),
  async sendRaw(pattern, data, traceparent) {
    const nc = await connectNats({ servers: ['nats://127.0.0.1:4222'] });
    const headers = natsHeaders();
    if (traceparent) headers.set('traceparent', traceparent);
    nc.publish(pattern, JSONCodec().encode({ pattern, data }), traceparent ? { headers } : {});
    await nc.drain();
  },
};

interface AmqpChannel {
  sendToQueue(queue: string, content: Buffer, options: object): boolean;
  close(): Promise<void>;
}
// amqplib ships no types; only these calls are used.
const amqp = require('amqplib') as { connect(url: string): Promise<{ createChannel(): Promise<AmqpChannel>; close(): Promise<void> }> };

const rmqQueue = `nestjs-tracing-${RUN}`;

export const rmqSetup: TransportSetup = {
  name: 'RabbitMQ',
  broker: 'RabbitMQ',
  options: () => ({
    transport: Transport.RMQ,
    options: { urls: ['amqp://guest:guest@127.0.0.1:5672'], queue: rmqQueue, queueOptions: { durable: false, autoDelete: true } },
  }),
  async sendRaw(pattern, data, traceparent) {
    const connection = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
    const channel = await connection.createChannel();
    channel.sendToQueue(rmqQueue, Buffer.from(JSON.stringify({ pattern, data })), traceparent ? { headers: { traceparent } } : {});
    await channel.close();
    await connection.close();
  },
};

export function mqttSetup(protocolVersion: 4 | 5): TransportSetup {
  return {
    name: `MQTT ${protocolVersion === 5 ? '5' : '3.1.1'}`,
    broker: 'Mosquitto',
    options: () => ({ transport: Transport.MQTT, options: { url: 'mqtt://127.0.0.1:1883', protocolVersion } }),
    async sendRaw(pattern, data, traceparent) {
      const client = await mqtt.connectAsync('mqtt://127.0.0.1:1883', { protocolVersion });
      const carrier = traceparent
        ? protocolVersion === 5
          ? { properties: { userProperties: { traceparent } } }
          : {}
        : {};
      const packet = { pattern, data, ...(traceparent && protocolVersion !== 5 ? { _trace: { traceparent } } : {}) };
      await client.publishAsync(pattern, JSON.stringify(packet), carrier);
      await client.endAsync();
    },
  };
}

/** Patterns unique to this test run, so runs sharing a broker never receive each other's messages. */
export const runPattern = (name: string): string => `nestjs-tracing.${RUN}.${name}`;
