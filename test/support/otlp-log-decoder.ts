import { anyValue, attributes, hex, otlpProto, Plain } from './otlp-trace-decoder';

/** One log record as a collector received it, with its resource. */
export interface CollectedLogRecord {
  resource: Record<string, unknown>;
  scope: string;
  severityNumber: number;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
  /** Empty strings when the record was written outside a span. */
  traceId: string;
  spanId: string;
  flags: number;
}

const requestType = otlpProto.lookupType('otlp.test.ExportLogsServiceRequest');

/** Decodes an `ExportLogsServiceRequest` body (`application/x-protobuf`) into flat records. */
export function decodeLogsRequest(body: Uint8Array): CollectedLogRecord[] {
  const request = requestType.toObject(requestType.decode(body), { longs: String, oneofs: true, bytes: Buffer });
  const records: CollectedLogRecord[] = [];
  for (const resourceLogs of (request.resourceLogs ?? []) as Plain[]) {
    const resource = attributes(resourceLogs.resource?.attributes);
    for (const scopeLogs of (resourceLogs.scopeLogs ?? []) as Plain[]) {
      for (const raw of (scopeLogs.logRecords ?? []) as Plain[]) {
        records.push({
          resource,
          scope: scopeLogs.scope?.name ?? '',
          severityNumber: raw.severityNumber ?? 0,
          severityText: raw.severityText ?? '',
          body: anyValue(raw.body),
          attributes: attributes(raw.attributes),
          traceId: hex(raw.traceId),
          spanId: hex(raw.spanId),
          flags: raw.flags ?? 0,
        });
      }
    }
  }
  return records;
}
