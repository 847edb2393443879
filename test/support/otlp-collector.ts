import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { startOtlpGrpcReceiver } from './otlp-grpc-receiver';
import { decodeJsonTraceRequest } from './otlp-json';
import { CollectedLogRecord, decodeLogsRequest } from './otlp-log-decoder';
import { CollectedSpan, decodeTraceRequest } from './otlp-trace-decoder';

export type { CollectedSpan } from './otlp-trace-decoder';
export type { CollectedLogRecord } from './otlp-log-decoder';

/**
 * How the collector answers an export: `accept` decodes it and answers 200, `unavailable`
 * answers 503 (an exporter retries that), `hang` reads the body and never answers.
 */
export type CollectorMode = 'accept' | 'unavailable' | 'hang';

/** One POST the collector received, whatever it answered. */
export interface ReceivedExport {
  path: string;
  headers: IncomingHttpHeaders;
  /** Decoded spans the collector accepted; empty unless the mode was `accept`. */
  spans: CollectedSpan[];
  /** Decoded log records, for posts to a `/v1/logs` path; empty unless the mode was `accept`. */
  logs: CollectedLogRecord[];
  /** Decoded spans the request carried, whatever the collector answered. */
  offered: CollectedSpan[];
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * A fake OTLP/HTTP collector on 127.0.0.1 and an ephemeral port: accepts protobuf or JSON
 * `ExportTraceServiceRequest`s, gzip'ed or not, on any path (so a custom traces URL can be
 * checked), and protobuf `ExportLogsServiceRequest`s on paths ending in `/v1/logs`, and keeps
 * what it received. Start it with `OtlpCollector.start()`, point the app at `url`.
 */
export class OtlpCollector {
  readonly exports: ReceivedExport[] = [];
  mode: CollectorMode = 'accept';
  private closeGrpc?: () => Promise<void>;

  private constructor(
    private readonly server: Server,
    /** Base URL, e.g. for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
    readonly url: string,
  ) {}

  static async start(mode: CollectorMode = 'accept'): Promise<OtlpCollector> {
    let collector: OtlpCollector | undefined;
    const server = createServer((request, response) => void collector!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    collector = new OtlpCollector(server, `http://127.0.0.1:${port}`);
    collector.mode = mode;
    return collector;
  }

  /** Default traces URL, e.g. for `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`. */
  get tracesUrl(): string {
    return `${this.url}/v1/traces`;
  }

  /** Every span received so far, in arrival order. */
  get spans(): CollectedSpan[] {
    return this.exports.flatMap((received) => received.spans);
  }

  /** Resolves with the received spans once `predicate` holds for them. */
  async waitForSpans(
    predicate: (spans: CollectedSpan[]) => boolean,
    timeoutMillis = 5000,
  ): Promise<CollectedSpan[]> {
    const deadline = Date.now() + timeoutMillis;
    while (!predicate(this.spans)) {
      if (Date.now() > deadline) {
        throw new Error(`Collector did not receive the expected spans; got ${JSON.stringify(this.spans.map((s) => s.name))}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.spans;
  }

  /** Every log record received so far, in arrival order. */
  get logs(): CollectedLogRecord[] {
    return this.exports.flatMap((received) => received.logs);
  }

  /** Resolves with the received log records once `predicate` holds for them. */
  async waitForLogs(predicate: (logs: CollectedLogRecord[]) => boolean, timeoutMillis = 5000): Promise<CollectedLogRecord[]> {
    const deadline = Date.now() + timeoutMillis;
    while (!predicate(this.logs)) {
      if (Date.now() > deadline) throw new Error(`Collector did not receive the expected logs; got ${JSON.stringify(this.logs.map((l) => l.body))}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.logs;
  }

  /** Resolves once `count` exports have arrived, whatever the collector answered. */
  async waitForExports(count: number, timeoutMillis = 5000): Promise<ReceivedExport[]> {
    const deadline = Date.now() + timeoutMillis;
    while (this.exports.length < count) {
      if (Date.now() > deadline) throw new Error(`Expected ${count} exports, got ${this.exports.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.exports;
  }

  /** Also receives OTLP/gRPC (always accepting); its exports land in `exports`. Returns the URL to dial. */
  async listenGrpc(): Promise<string> {
    const receiver = await startOtlpGrpcReceiver((received) => this.exports.push({ ...received, logs: [], offered: received.spans }));
    this.closeGrpc = receiver.close;
    return receiver.url;
  }

  /** Stops listening and drops open connections, including hanging ones. */
  async close(): Promise<void> {
    await this.closeGrpc?.();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const received: ReceivedExport = { path: request.url ?? '', headers: request.headers, spans: [], logs: [], offered: [] };
    this.exports.push(received);
    const json = request.headers['content-type'] === 'application/json';
    if (request.method !== 'POST' || (!json && request.headers['content-type'] !== 'application/x-protobuf')) {
      response.writeHead(415).end();
      return;
    }
    let logs: CollectedLogRecord[] = [];
    try {
      const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
      if (received.path.endsWith('/v1/logs')) logs = decodeLogsRequest(raw);
      else received.offered = json ? decodeJsonTraceRequest(raw) : decodeTraceRequest(raw);
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      return;
    }
    if (this.mode === 'hang') return;
    if (this.mode === 'unavailable') {
      response.writeHead(503).end();
      return;
    }
    received.spans = received.offered;
    received.logs = logs;
    // An empty ExportTraceServiceResponse: full success.
    if (json) response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    else response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  }
}

/** A URL on 127.0.0.1 where nothing listens: a port that was just free. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}
