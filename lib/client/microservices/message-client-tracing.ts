import { Context, Span, SpanKind } from '@opentelemetry/api';
import { defer, Observable } from 'rxjs';
import { contextWithSpan } from '../../context/linked-context';
import { runInSpan } from '../../decorators/run-in-span';
import type { SpanOutcome } from '../../decorators/span-outcome';
import { reportOnce } from '../../diagnostics';
import { messageAttributes, messageSpanName } from '../../server/microservices/message-attributes';
import { markMessageError } from '../../server/microservices/message-outcome';
import { tracingRuntime } from '../../tracing.runtime';
import { amqpHeadersWithTrace, injectIntoPacket, kafkaMessageWithTrace, mqttOptionsWithTrace, natsHeadersWithTrace } from './outbound-carriers';

type Method = (this: any, ...args: any[]) => any;

interface ClientLike {
  normalizePattern?(pattern: unknown): string;
  serializer?: object;
  queue?: string;
  options?: { protocolVersion?: number };
}

type ClientClass = { prototype: Record<string, unknown> };

/** The part of `@nestjs/microservices` read here. */
export interface MicroservicesClients {
  ClientProxy: ClientClass;
  ClientTCP: ClientClass;
  ClientRedis: ClientClass;
  ClientNats: ClientClass;
  ClientRMQ: ClientClass;
  ClientMqtt: ClientClass;
  ClientKafka: ClientClass;
}

/** What a client transport says about its messages: its system, and where it carries the context. */
interface OutboundTransport {
  system: string;
  /** The packet gets the trace field (transports without headers). */
  packetField: boolean;
  destination?(client: ClientLike, pattern: string): string;
  /** Readies a client before its first message (Kafka: its serializer's class). */
  prepare?(client: ClientLike): void;
}

const CLIENT_OUTCOME: SpanOutcome = { onError: markMessageError };

/** Replaces `prototype[name]` once per process (the marker says it was done). */
function wrapMethod(prototype: Record<string, unknown>, name: string, wrap: (original: Method) => Method): void {
  const marker = Symbol.for(`nestjs-tracing.client.${name}`);
  const original = prototype[name];
  if (typeof original !== 'function' || Object.prototype.hasOwnProperty.call(prototype, marker)) return;
  prototype[name] = wrap(original as Method);
  Object.defineProperty(prototype, marker, { value: true });
}

function patternOf(client: ClientLike, pattern: unknown): string {
  return typeof client.normalizePattern === 'function' ? client.normalizePattern(pattern) : String(pattern);
}

/**
 * Starts the CLIENT (`send`) or PRODUCER (`emit`) span of one message in the active context
 * and runs `fn` in it; the carriers read the span from the active context.
 */
function runInMessageSpan(transport: OutboundTransport, client: ClientLike, rawPattern: unknown, isRpc: boolean, fn: Method, args: unknown[]): unknown {
  let span: Span;
  let ctx: Context;
  try {
    transport.prepare?.(client);
    const pattern = patternOf(client, rawPattern);
    const parent = tracingRuntime.activeContext();
    const attributes = messageAttributes(transport.system, pattern, 'send', isRpc, transport.destination?.(client, pattern) ?? pattern);
    const kind = isRpc ? SpanKind.CLIENT : SpanKind.PRODUCER;
    span = tracingRuntime.tracerFor(parent).startSpan(messageSpanName('send', pattern, isRpc), { kind, attributes }, parent);
    ctx = contextWithSpan(parent, span);
  } catch (error) {
    reportOnce(`message-client:${transport.system}`, 'starting a message client span failed; the message is sent untraced', error);
    return Reflect.apply(fn, client, args);
  }
  return runInSpan(span, ctx, fn, client, args, CLIENT_OUTCOME);
}

function traceTransport(prototype: Record<string, unknown>, transport: OutboundTransport): void {
  // `emit` ends in the transport's `dispatchEvent` (a Promise, connected at once: the caller
  // need not subscribe): the PRODUCER span lasts until the message is handed to the transport.
  wrapMethod(prototype, 'dispatchEvent', (dispatchEvent) => {
    const send = transport.packetField
      ? function dispatchWithTrace(this: ClientLike, packet: unknown) {
          injectIntoPacket(packet);
          return dispatchEvent.call(this, packet);
        }
      : dispatchEvent;
    return function tracedDispatchEvent(this: ClientLike, packet: { pattern?: unknown }) {
      return runInMessageSpan(transport, this, packet?.pattern, false, send, [packet]);
    };
  });
  // `send` publishes inside its CLIENT span (see below): only the packet is marked here.
  if (transport.packetField) {
    wrapMethod(prototype, 'publish', (publish) =>
      function publishWithTrace(this: ClientLike, packet: unknown, callback: unknown) {
        injectIntoPacket(packet);
        return publish.call(this, packet, callback);
      },
    );
  }
}

/**
 * Makes every `ClientProxy` of the process (from `ClientsModule`, `ClientProxyFactory` or `new`)
 * trace what it sends: `send` as a CLIENT span lasting until the reply is complete, `emit` as a
 * PRODUCER span, each carrying the trace context with the message (headers where the transport
 * has them, else the packet's trace field). Installed once per process.
 */
export function traceMessageClients(ms: MicroservicesClients): void {
  const transports = outboundTransports(ms);
  wrapMethod(ms.ClientProxy.prototype, 'send', (send) =>
    function tracedSend(this: ClientLike, pattern: unknown, data: unknown) {
      const transport = transports.find(([ClientType]) => this instanceof (ClientType as unknown as new () => object))?.[1];
      if (!transport || pattern === undefined || pattern === null || data === undefined || data === null) {
        return send.call(this, pattern, data);
      }
      // `send` is cold: the span starts when the caller subscribes, and lasts until the reply ends.
      return defer(() => runInMessageSpan(transport, this, pattern, true, send, [pattern, data]) as Observable<unknown>);
    },
  );
  for (const [ClientType, transport] of transports) traceTransport(ClientType.prototype, transport);
  wrapMethod(ms.ClientNats.prototype, 'mergeHeaders', (mergeHeaders) =>
    function mergeHeadersWithTrace(this: unknown, ...args: unknown[]) {
      return natsHeadersWithTrace(Reflect.apply(mergeHeaders, this, args));
    },
  );
  wrapMethod(ms.ClientRMQ.prototype, 'mergeHeaders', (mergeHeaders) =>
    function mergeHeadersWithTrace(this: unknown, ...args: unknown[]) {
      return amqpHeadersWithTrace(Reflect.apply(mergeHeaders, this, args));
    },
  );
  wrapMethod(ms.ClientMqtt.prototype, 'mergePacketOptions', (mergePacketOptions) =>
    function mergePacketOptionsWithTrace(this: ClientLike, ...args: unknown[]) {
      const options: unknown = Reflect.apply(mergePacketOptions, this, args);
      return this.options?.protocolVersion === 5 ? mqttOptionsWithTrace(options) : options;
    },
  );
}

/** Makes the serializer's class put the active trace context in the headers of what it makes. */
function traceKafkaSerializer(serializer: object | undefined): void {
  const prototype = serializer ? (Object.getPrototypeOf(serializer) as Record<string, unknown> | null) : null;
  if (!prototype || prototype === Object.prototype) return;
  wrapMethod(prototype, 'serialize', (serialize) =>
    function serializeWithTrace(this: unknown, ...args: unknown[]) {
      const message: unknown = Reflect.apply(serialize, this, args);
      return message instanceof Promise ? message.then(kafkaMessageWithTrace) : kafkaMessageWithTrace(message);
    },
  );
}

const TCP_OUT: OutboundTransport = { system: 'tcp', packetField: true };
const REDIS_OUT: OutboundTransport = { system: 'redis', packetField: true };
const NATS_OUT: OutboundTransport = { system: 'nats', packetField: false };
const RMQ_OUT: OutboundTransport = { system: 'rabbitmq', packetField: false, destination: (client, pattern) => client.queue ?? pattern };
/** MQTT 5 carries the context in user properties too; the packet field serves every version. */
const MQTT_OUT: OutboundTransport = { system: 'mqtt', packetField: true };
/**
 * Kafka's serializer (Nest's, or the app's own class) makes the message whose headers carry the
 * context; its class is reached through the client, so no deep import is needed.
 */
const KAFKA_OUT: OutboundTransport = { system: 'kafka', packetField: false, prepare: (client) => traceKafkaSerializer(client.serializer) };

function outboundTransports(ms: MicroservicesClients): Array<[ClientClass, OutboundTransport]> {
  return [
    [ms.ClientTCP, TCP_OUT],
    [ms.ClientRedis, REDIS_OUT],
    [ms.ClientNats, NATS_OUT],
    [ms.ClientRMQ, RMQ_OUT],
    [ms.ClientMqtt, MQTT_OUT],
    [ms.ClientKafka, KAFKA_OUT],
  ];
}

/**
 * Traces the app's message clients when the app uses `@nestjs/microservices` (it is loaded by
 * then: the app's modules import it); an app without it never loads it.
 */
export function traceMessageClientsIfUsed(): void {
  let loaded = false;
  try {
    loaded = require.cache[require.resolve('@nestjs/microservices')] !== undefined;
  } catch {
    return; // not installed
  }
  if (!loaded) return;
  try {
    traceMessageClients(require('@nestjs/microservices') as MicroservicesClients);
  } catch (error) {
    reportOnce('message-client', 'tracing the message clients failed; messages are sent untraced', error);
  }
}
