import type { Attributes } from '@opentelemetry/api';
import { ATTR_NETWORK_PROTOCOL_NAME, ATTR_NETWORK_TRANSPORT, NETWORK_TRANSPORT_VALUE_TCP } from '@opentelemetry/semantic-conventions';
import { ATTR_MESSAGE_PATTERN } from '../microservices/message-attributes';
import { asSocketIoClient, platformOf } from './gateway-clients';

/*
 * OpenTelemetry has no WebSocket conventions yet, and a gateway message is neither a brokered
 * message (`messaging.*` lists brokers) nor surely an RPC (a handler may not reply): the
 * network conventions say how it travelled, our own names say which handler received it.
 */
export const ATTR_WEBSOCKET_PLATFORM = 'nestjs_tracing.websocket.platform';
export const ATTR_WEBSOCKET_GATEWAY = 'nestjs_tracing.websocket.gateway';
export const ATTR_WEBSOCKET_NAMESPACE = 'nestjs_tracing.websocket.namespace';

/** One message as a gateway's `@SubscribeMessage` handler receives it, before guards and pipes. */
export interface GatewayMessage {
  /** The gateway's class name. */
  readonly gateway: string;
  readonly pattern: string;
  /** The socket.io `Socket` or `ws` WebSocket the message came from. */
  readonly client: unknown;
  /** The message's own trace context: a `ws` envelope's `_trace` field. */
  readonly trace?: unknown;
  /** What Nest's exception handling received for this message, if anything failed. */
  failure?: { error: unknown };
}

/** socket.io over long-polling travels as HTTP requests; everything else as a WebSocket. */
function protocolOf(client: unknown): string {
  return asSocketIoClient(client)?.conn?.transport?.name === 'polling' ? 'http' : 'websocket';
}

/** The span's attributes: how the message travelled, the gateway, the pattern, the namespace. Never the payload. */
export function gatewayAttributes({ gateway, pattern, client }: GatewayMessage): Attributes {
  const attributes: Attributes = {
    [ATTR_NETWORK_TRANSPORT]: NETWORK_TRANSPORT_VALUE_TCP,
    [ATTR_NETWORK_PROTOCOL_NAME]: protocolOf(client),
    [ATTR_WEBSOCKET_PLATFORM]: platformOf(client),
    [ATTR_WEBSOCKET_GATEWAY]: gateway,
    [ATTR_MESSAGE_PATTERN]: pattern,
  };
  const namespace = asSocketIoClient(client)?.nsp?.name;
  if (typeof namespace === 'string') attributes[ATTR_WEBSOCKET_NAMESPACE] = namespace;
  return attributes;
}
