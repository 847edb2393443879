import { Context, propagation, TextMapSetter } from '@opentelemetry/api';
import { asHeaderRecord, HeaderRecord, PACKET_TRACE_FIELD, recordSetter } from '../../propagation/record-carrier';
import { reportOnce } from '../../diagnostics';
import { tracingRuntime } from '../../tracing.runtime';

/**
 * The propagation fields of `ctx` (`traceparent`, `tracestate`, `baggage`), or undefined if
 * none; a propagator that throws is reported once and the message goes without them.
 */
export function traceFields(ctx: Context = tracingRuntime.activeContext()): HeaderRecord | undefined {
  const fields: HeaderRecord = {};
  try {
    propagation.inject(ctx, fields, recordSetter);
  } catch (error) {
    reportOnce('message-inject', 'injecting the trace context into a message failed; it is sent without', error);
    return undefined;
  }
  for (const _ in fields) return fields;
  return undefined;
}

/**
 * Puts the active trace context in a Nest packet's trace field, for transports without
 * headers (see `PACKET_TRACE_FIELD`). An untraced call sends the packet unchanged.
 */
export function injectIntoPacket(packet: unknown): void {
  const record = asHeaderRecord(packet);
  if (!record) return;
  const fields = traceFields();
  if (fields) record[PACKET_TRACE_FIELD] = fields;
}

interface NatsHeaders {
  set(key: string, value: string): void;
}

const natsHeadersSetter: TextMapSetter<NatsHeaders> = { set: (headers, key, value) => headers.set(key, value) };

type NatsModule = { headers(): NatsHeaders };
let natsModule: NatsModule | undefined;

/** NATS headers with the active trace context, made when the message had none. */
export function natsHeadersWithTrace(headers: NatsHeaders | undefined): NatsHeaders | undefined {
  const ctx = tracingRuntime.activeContext();
  if (!traceFields(ctx)) return headers;
  // Loaded only here, by a NATS client: the app has `nats` installed.
  try {
    const target = headers ?? (natsModule ??= require('nats') as NatsModule).headers();
    propagation.inject(ctx, target, natsHeadersSetter);
    return target;
  } catch (error) {
    reportOnce('message-inject-nats', 'injecting the trace context into NATS headers failed; the message is sent without', error);
    return headers;
  }
}

/** AMQP message headers (RabbitMQ) with the active trace context. */
export function amqpHeadersWithTrace(headers: unknown): unknown {
  const fields = traceFields();
  return fields ? { ...asHeaderRecord(headers), ...fields } : headers;
}

/** A Kafka message (`{ key, value, headers }`, as Nest's serializer makes it) with the trace context in its headers. */
export function kafkaMessageWithTrace(message: unknown): unknown {
  const headers = asHeaderRecord(asHeaderRecord(message)?.headers);
  const fields = headers && traceFields();
  if (headers && fields) Object.assign(headers, fields);
  return message;
}

/** MQTT 5 publish options whose user properties carry the active trace context. */
export function mqttOptionsWithTrace(options: unknown): unknown {
  const fields = traceFields();
  if (!fields) return options;
  const record = asHeaderRecord(options) ?? {};
  const properties = asHeaderRecord(record.properties) ?? {};
  return { ...record, properties: { ...properties, userProperties: { ...asHeaderRecord(properties.userProperties), ...fields } } };
}
