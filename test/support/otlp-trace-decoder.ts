import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { join } from 'node:path';
import { loadSync } from 'protobufjs';

/** One span as a collector received it, flattened with its resource and scope. */
export interface CollectedSpan {
  /** Resource attributes (`service.name`, `deployment.environment.name`, ...). */
  resource: Record<string, unknown>;
  scope: { name: string; version: string };
  traceId: string;
  spanId: string;
  /** Undefined for a root span. */
  parentSpanId: string | undefined;
  traceState: string;
  name: string;
  /** As `@opentelemetry/api`'s `SpanKind` (OTLP counts from 1, the API from 0). */
  kind: SpanKind;
  status: { code: SpanStatusCode; message: string };
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, unknown> }[];
  /** Nanoseconds since the epoch, as decimal strings (they do not fit in a double). */
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

export type Plain = Record<string, any>;

export const otlpProto = loadSync(join(__dirname, 'otlp-trace.proto'));
const requestType = otlpProto.lookupType('otlp.test.ExportTraceServiceRequest');

export function hex(bytes: Uint8Array | undefined): string {
  return Buffer.from(bytes ?? []).toString('hex');
}

export function anyValue(value: Plain | undefined): unknown {
  switch (value?.value) {
    case 'stringValue':
    case 'boolValue':
    case 'doubleValue':
      return value[value.value];
    case 'intValue': {
      // int64 arrives as a decimal string; a number when it fits, as the SDK recorded it.
      const asNumber = Number(value.intValue);
      return Number.isSafeInteger(asNumber) ? asNumber : value.intValue;
    }
    case 'arrayValue':
      return (value.arrayValue.values ?? []).map(anyValue);
    case 'kvlistValue':
      return attributes(value.kvlistValue.values);
    case 'bytesValue':
      return Buffer.from(value.bytesValue);
    default:
      return undefined;
  }
}

export function attributes(list: Plain[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) result[key] = anyValue(value);
  return result;
}

function span(raw: Plain, resource: Record<string, unknown>, scope: Plain | undefined): CollectedSpan {
  const parent = hex(raw.parentSpanId);
  return {
    resource,
    scope: { name: scope?.name ?? '', version: scope?.version ?? '' },
    traceId: hex(raw.traceId),
    spanId: hex(raw.spanId),
    parentSpanId: parent === '' ? undefined : parent,
    traceState: raw.traceState ?? '',
    name: raw.name ?? '',
    kind: (raw.kind ?? 1) - 1,
    status: { code: raw.status?.code ?? SpanStatusCode.UNSET, message: raw.status?.message ?? '' },
    attributes: attributes(raw.attributes),
    events: (raw.events ?? []).map((event: Plain) => ({ name: event.name, attributes: attributes(event.attributes) })),
    links: (raw.links ?? []).map((link: Plain) => ({
      traceId: hex(link.traceId),
      spanId: hex(link.spanId),
      attributes: attributes(link.attributes),
    })),
    startTimeUnixNano: String(raw.startTimeUnixNano ?? '0'),
    endTimeUnixNano: String(raw.endTimeUnixNano ?? '0'),
  };
}

/** Decodes an `ExportTraceServiceRequest` body (`application/x-protobuf`) into flat spans. */
export function decodeTraceRequest(body: Uint8Array): CollectedSpan[] {
  const request = requestType.toObject(requestType.decode(body), { longs: String, oneofs: true, bytes: Buffer });
  const spans: CollectedSpan[] = [];
  for (const resourceSpans of (request.resourceSpans ?? []) as Plain[]) {
    const resource = attributes(resourceSpans.resource?.attributes);
    for (const scopeSpans of (resourceSpans.scopeSpans ?? []) as Plain[]) {
      for (const raw of (scopeSpans.spans ?? []) as Plain[]) spans.push(span(raw, resource, scopeSpans.scope));
    }
  }
  return spans;
}
