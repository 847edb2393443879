import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/**
 * A message's headers as a plain record: RabbitMQ message properties, MQTT 5 user properties,
 * Kafka headers, or the trace field of a Nest packet. Values may arrive as strings, Buffers or
 * lists of them; anything else (a malformed or hostile value) reads as absent.
 */
export type HeaderRecord = Record<string, unknown>;

function firstText(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

export const recordGetter: TextMapGetter<HeaderRecord> = {
  keys: (record) => Object.keys(record),
  get: (record, key) => (Object.prototype.hasOwnProperty.call(record, key) ? firstText(record[key]) : undefined),
};

export const recordSetter: TextMapSetter<HeaderRecord> = {
  set: (record, key, value) => void (record[key] = value),
};

/** The record itself when `value` is a plain object, else undefined (a string, an array, null). */
export function asHeaderRecord(value: unknown): HeaderRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value)
    ? (value as HeaderRecord)
    : undefined;
}

/**
 * The packet field that carries the trace context over transports without headers (TCP, Redis,
 * MQTT before version 5): `{ pattern, data, id, _trace: { traceparent, tracestate } }`. Nest
 * hands handlers `packet.data` only, so `@Payload()` never sees it, and a Nest peer without
 * this library ignores fields it does not know.
 */
export const PACKET_TRACE_FIELD = '_trace';
