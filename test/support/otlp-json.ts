import { join } from 'node:path';
import { loadSync } from 'protobufjs';
import { CollectedSpan, decodeTraceRequest } from './otlp-trace-decoder';

const requestType = loadSync(join(__dirname, 'otlp-trace.proto')).lookupType('otlp.test.ExportTraceServiceRequest');

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** OTLP/JSON writes ids as hex, where protobuf's JSON mapping expects base64: turn them into bytes. */
function idsToBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsToBytes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, ID_FIELDS.has(key) && typeof item === 'string' ? Buffer.from(item, 'hex') : idsToBytes(item)]),
  );
}

/**
 * Decodes an OTLP/JSON `ExportTraceServiceRequest` (`application/json`) by converting it to the
 * protobuf message, so both encodings are read by the same decoder.
 */
export function decodeJsonTraceRequest(body: Buffer): CollectedSpan[] {
  const message = requestType.fromObject(idsToBytes(JSON.parse(body.toString('utf8'))) as Record<string, unknown>);
  return decodeTraceRequest(requestType.encode(message).finish());
}
