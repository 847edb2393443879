import { propagation, ROOT_CONTEXT, type Context, type TextMapGetter } from '@opentelemetry/api';
import { asHeaderRecord, PACKET_TRACE_FIELD, recordGetter } from '../../propagation/record-carrier';
import { inboundPacket } from './inbound-packet';

/**
 * Where a transport's server finds what a message carries, given the handler's context argument
 * (`TcpContext`, `NatsContext`...): the propagated trace context, the destination and the id.
 */
export interface InboundTransport {
  /** `messaging.system` and `rpc.system.name`. */
  readonly system: string;
  parent(context: unknown): Context;
  destination?(context: unknown): string | undefined;
  messageId?(context: unknown): unknown;
}

interface NatsHeaders {
  has(key: string): boolean;
  get(key: string): string;
  keys(): string[];
}

const natsHeadersGetter: TextMapGetter<NatsHeaders> = {
  keys: (headers) => headers.keys(),
  get: (headers, key) => (headers.has(key) ? headers.get(key) : undefined),
};

/** The context in a record of headers (a packet's trace field...), or ROOT_CONTEXT. */
export function extractFrom(record: unknown): Context {
  const carrier = asHeaderRecord(record);
  // A malformed traceparent is ignored by the W3C propagator: the message starts a new trace.
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier, recordGetter) : ROOT_CONTEXT;
}

/** Calls a getter of the transport's context; undefined when it is missing or throws. */
function read<T>(context: unknown, getter: string): T | undefined {
  const method = (context as Record<string, unknown> | null)?.[getter];
  return typeof method === 'function' ? (method.call(context) as T) : undefined;
}

/** TCP and Redis: the packet's trace field (see `PACKET_TRACE_FIELD`). */
const packetTransport = (system: string): InboundTransport => ({
  system,
  parent: () => extractFrom(inboundPacket()?.[PACKET_TRACE_FIELD]),
  messageId: () => inboundPacket()?.id,
});

export const TCP_INBOUND = packetTransport('tcp');
export const REDIS_INBOUND = packetTransport('redis');

export const NATS_INBOUND: InboundTransport = {
  system: 'nats',
  parent(context) {
    const headers = read<NatsHeaders>(context, 'getHeaders');
    return headers && typeof headers.get === 'function' ? propagation.extract(ROOT_CONTEXT, headers, natsHeadersGetter) : ROOT_CONTEXT;
  },
  destination: (context) => read<string>(context, 'getSubject'),
};

interface AmqpMessage {
  fields?: { routingKey?: string };
  properties?: { headers?: unknown; messageId?: unknown };
}

export const RMQ_INBOUND: InboundTransport = {
  system: 'rabbitmq',
  parent: (context) => extractFrom(read<AmqpMessage>(context, 'getMessage')?.properties?.headers),
  destination: (context) => read<AmqpMessage>(context, 'getMessage')?.fields?.routingKey,
  messageId: (context) => read<AmqpMessage>(context, 'getMessage')?.properties?.messageId,
};

/** MQTT 5 user properties; before version 5, the packet's trace field. */
export const MQTT_INBOUND: InboundTransport = {
  system: 'mqtt',
  parent(context) {
    const properties = read<{ properties?: { userProperties?: unknown } }>(context, 'getPacket')?.properties;
    const userProperties = asHeaderRecord(properties?.userProperties);
    if (userProperties && recordGetter.get(userProperties, 'traceparent') !== undefined) return extractFrom(userProperties);
    return extractFrom(inboundPacket()?.[PACKET_TRACE_FIELD]);
  },
  destination: (context) => read<string>(context, 'getTopic'),
  messageId: () => inboundPacket()?.id,
};

export const KAFKA_INBOUND: InboundTransport = {
  system: 'kafka',
  parent: (context) => extractFrom(read<{ headers?: unknown }>(context, 'getMessage')?.headers),
  destination: (context) => read<string>(context, 'getTopic'),
};

/** A custom transport strategy: traced, without propagation (its carrier is unknown). */
export const CUSTOM_INBOUND: InboundTransport = { system: 'nestjs_custom', parent: () => ROOT_CONTEXT };
