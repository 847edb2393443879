import type { Attributes } from '@opentelemetry/api';
import { ATTR_RPC_METHOD, ATTR_RPC_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';

/*
 * The messaging conventions are still incubating: their names are spelled here, as the
 * incubating entry point cannot be imported under `moduleResolution: node`.
 */
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
/** Nest's pattern of the message (`orders.created`, or an object pattern as its JSON). */
export const ATTR_MESSAGE_PATTERN = 'nestjs_tracing.message.pattern';

export type MessagingOperation = 'process' | 'send';

/**
 * The attributes of a message span. Request/response (`send`, `@MessagePattern`) is an RPC:
 * `rpc.system.name` and `rpc.method` as well. Destinations are the pattern, except where the
 * transport routes by something else (a RabbitMQ queue).
 */
export function messageAttributes(
  system: string,
  pattern: string,
  operation: MessagingOperation,
  isRpc: boolean,
  destination: string = pattern,
  messageId?: unknown,
): Attributes {
  const attributes: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: system,
    [ATTR_MESSAGING_DESTINATION_NAME]: destination,
    [ATTR_MESSAGING_OPERATION_TYPE]: operation,
    [ATTR_MESSAGING_OPERATION_NAME]: operation,
    [ATTR_MESSAGE_PATTERN]: pattern,
  };
  if (typeof messageId === 'string' || typeof messageId === 'number') attributes[ATTR_MESSAGING_MESSAGE_ID] = String(messageId);
  if (isRpc) {
    attributes[ATTR_RPC_SYSTEM_NAME] = system;
    attributes[ATTR_RPC_METHOD] = pattern;
  }
  return attributes;
}

/** `process orders.created` for an event; the pattern alone (the RPC method) for a request. */
export function messageSpanName(operation: MessagingOperation, pattern: string, isRpc: boolean): string {
  return isRpc ? pattern : `${operation} ${pattern}`;
}
