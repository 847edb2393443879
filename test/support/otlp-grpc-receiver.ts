import { Metadata, Server, ServerCredentials, ServerUnaryCall, sendUnaryData, status } from '@grpc/grpc-js';
import type { CollectedSpan } from './otlp-trace-decoder';
import { decodeTraceRequest } from './otlp-trace-decoder';

/** One gRPC Export call: its metadata as plain headers, the decoded spans. */
export interface ReceivedGrpcExport {
  path: string;
  headers: Record<string, string>;
  spans: CollectedSpan[];
}

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const passThrough = (buffer: Buffer) => buffer;

function plainHeaders(metadata: Metadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata.getMap()).map(([key, value]) => [key, String(value)]));
}

/**
 * An OTLP/gRPC trace receiver on 127.0.0.1 and an ephemeral port: the collector's
 * `TraceService/Export` method, declared by hand with raw-bytes (de)serializers so the request
 * is read by the same protobuf decoder as OTLP/HTTP. grpc-js decompresses gzip'ed messages.
 * Returns the URL to dial and how to stop it.
 */
export async function startOtlpGrpcReceiver(
  onExport: (received: ReceivedGrpcExport) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = new Server();
  server.addService(
    {
      Export: {
        path: EXPORT_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: passThrough,
        requestDeserialize: passThrough,
        // An empty ExportTraceServiceResponse: full success.
        responseSerialize: () => Buffer.alloc(0),
        responseDeserialize: passThrough,
      },
    },
    {
      Export(call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) {
        try {
          onExport({ path: EXPORT_PATH, headers: plainHeaders(call.metadata), spans: decodeTraceRequest(call.request) });
          callback(null, Buffer.alloc(0));
        } catch (error) {
          callback({ code: status.INVALID_ARGUMENT, details: String(error) });
        }
      },
    },
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())).then(() => server.forceShutdown()),
  };
}
