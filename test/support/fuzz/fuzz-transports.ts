import { Controller, Get, Param } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import * as grpc from '@grpc/grpc-js';
import { Agent, get } from 'node:http';
import { TraceService } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { paymentsClient, PaymentsClient, startGrpcMicroservice, unary } from '../grpc-apps';
import { Platform, startApp } from '../http-apps';
import { HTTP_HEADER_ALPHABET, PRINTABLE_ASCII } from './propagation-cases';

/** The attribute the fuzzed handlers set on their entry span, to tell which case it served. */
export const CASE_ATTRIBUTE = 'fuzz.case';

/** What the handler saw: the `traceparent` it would send on (undefined when it has none). */
export interface HandlerView {
  traceparent?: string;
}

/**
 * One traced entry point the fuzz test drives: HTTP on Express or Fastify, a gRPC unary call,
 * and, once they are traced, a message consumer (publish with the case's headers, answer with
 * what the handler saw). Each handler tags its span with `fuzz.case` and reports the
 * traceparent TraceService would inject; the runner does the checking.
 */
export interface FuzzTransport {
  readonly name: string;
  /** The characters a header value can carry on this transport. */
  readonly alphabet: string;
  /** Whether a header value may start or end with whitespace and still arrive. */
  readonly edgeWhitespace: boolean;
  readonly exporter: TestSpanExporter;
  /** Delivers one request or message with `headers`; rejects if it was not served. */
  send(caseId: string, headers: Record<string, string>): Promise<HandlerView>;
  close(): Promise<void>;
}

@Controller('fuzz')
class FuzzHttpController {
  constructor(private readonly trace: TraceService) {}

  @Get(':id')
  serve(@Param('id') id: string): HandlerView {
    this.trace.setAttribute(CASE_ATTRIBUTE, id);
    return { traceparent: this.trace.inject<Record<string, string>>({}).traceparent };
  }
}

@Controller()
class FuzzGrpcController {
  constructor(private readonly trace: TraceService) {}

  @GrpcMethod('Payments', 'Charge')
  charge(request: { orderId: string }) {
    this.trace.setAttribute(CASE_ATTRIBUTE, request.orderId);
    return { id: this.trace.inject<Record<string, string>>({}).traceparent ?? '', status: 'served' };
  }
}

export async function httpFuzzTransport(platform: Platform, concurrency: number): Promise<FuzzTransport> {
  const exporter = new TestSpanExporter();
  const running = await startApp(platform, { controllers: [FuzzHttpController] }, {}, exporter);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  return {
    name: `HTTP (${platform})`,
    alphabet: HTTP_HEADER_ALPHABET,
    edgeWhitespace: true,
    exporter,
    send: (caseId, headers) =>
      new Promise((resolve, reject) => {
        get(`${running.url}/fuzz/${caseId}`, { agent, headers }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}: ${body}`));
            else resolve(JSON.parse(body) as HandlerView);
          });
        }).on('error', reject);
      }),
    close: async () => {
      agent.destroy();
      await running.app.close();
    },
  };
}

export async function grpcFuzzTransport(): Promise<FuzzTransport> {
  const exporter = new TestSpanExporter();
  const { app, grpcTarget } = await startGrpcMicroservice({ controllers: [FuzzGrpcController] }, exporter);
  const client: PaymentsClient = paymentsClient(grpcTarget);
  return {
    name: 'gRPC Metadata',
    alphabet: PRINTABLE_ASCII,
    // HTTP/2 drops a field whose value starts or ends with whitespace.
    edgeWhitespace: false,
    exporter,
    send: async (caseId, headers) => {
      const metadata = new grpc.Metadata();
      for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
      const reply = await unary<{ id: string }>(client, 'charge', { orderId: caseId, amount: 1 }, metadata);
      return { traceparent: reply.id || undefined };
    },
    close: async () => {
      client.close();
      await app.close();
    },
  };
}
