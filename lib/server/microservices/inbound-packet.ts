import { Context, createContextKey } from '@opentelemetry/api';
import { reportOnce } from '../../diagnostics';
import { tracingRuntime } from '../../tracing.runtime';

/**
 * The raw packet of the message being handled, for transports whose handlers see only
 * `packet.data` and a context without it (TCP, Redis, MQTT): its trace field and id are read
 * from here. Kept in the active context by the server's `handleMessage`, which runs the handler
 * after awaiting the deserializer: the context follows that await, a global would not.
 */
const INBOUND_PACKET = createContextKey('nestjs-tracing inbound packet');

interface PacketSlot {
  packet?: unknown;
}

/** The packet of the message whose handling is running, if its transport keeps it. */
export function inboundPacket(): Record<string, unknown> | undefined {
  const slot = tracingRuntime.activeContext().getValue(INBOUND_PACKET) as PacketSlot | undefined;
  const packet = slot?.packet;
  return packet !== null && typeof packet === 'object' ? (packet as Record<string, unknown>) : undefined;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

interface ServerPrototype {
  handleMessage: Method;
  parseMessage?: Method;
  [marker: symbol]: true | undefined;
}

const INSTALLED = Symbol.for('nestjs-tracing.inbound-packet');

/**
 * Runs the server's `handleMessage` with a slot for its packet: the raw message argument at
 * `rawArgument` (TCP's socket hands it over parsed), or else what `parseMessage` returns
 * (Redis and MQTT parse the buffer themselves, first thing). Installed once per class.
 */
export function keepInboundPackets(ServerClass: { prototype: object }, rawArgument?: number): void {
  const prototype = ServerClass.prototype as ServerPrototype;
  if (Object.prototype.hasOwnProperty.call(prototype, INSTALLED) || typeof prototype.handleMessage !== 'function') return;
  const handleMessage = prototype.handleMessage;
  prototype.handleMessage = function handleMessageWithPacket(this: unknown, ...args: unknown[]) {
    let ctx: Context;
    try {
      ctx = tracingRuntime.activeContext().setValue(INBOUND_PACKET, { packet: rawArgument === undefined ? undefined : args[rawArgument] });
    } catch (error) {
      reportOnce('inbound-packet', 'keeping an inbound packet failed; its trace context is not read', error);
      return Reflect.apply(handleMessage, this, args);
    }
    return tracingRuntime.with(ctx, () => Reflect.apply(handleMessage, this, args));
  };
  const parseMessage = prototype.parseMessage;
  if (rawArgument === undefined && typeof parseMessage === 'function') {
    prototype.parseMessage = function parseMessageIntoSlot(this: unknown, ...args: unknown[]) {
      const packet = Reflect.apply(parseMessage, this, args);
      const slot = tracingRuntime.activeContext().getValue(INBOUND_PACKET) as PacketSlot | undefined;
      if (slot) slot.packet = packet;
      return packet;
    };
  }
  Object.defineProperty(prototype, INSTALLED, { value: true });
}
