import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { EntryPoint, runEntryPoint } from '../../entry/entry-point';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { messageAttributes, messageSpanName } from './message-attributes';
import { messageOutcome } from './message-outcome';
import type { InboundTransport } from './message-transports';
import { untraceMessagePatterns } from './message-transport-tracing';

/** One message as a handler receives it: `(data, context)` from a transport's server. */
export interface ReceivedMessage {
  transport: InboundTransport;
  /** The pattern as Nest keys its handlers (object patterns as JSON). */
  pattern: string;
  /** `@EventPattern` (no reply) rather than `@MessagePattern`. */
  isEvent: boolean;
  /** The transport's context: `TcpContext`, `NatsContext`... */
  context: unknown;
}

/**
 * A message as an entry point: context from the message (its headers, or its packet's trace
 * field), a CONSUMER span `process <pattern>` for an event, a SERVER span `<pattern>` for a
 * request, attributed by the messaging (and, for requests, RPC) conventions.
 */
const MESSAGE_ENTRY: EntryPoint<ReceivedMessage> = {
  name: 'message handler',
  parent: ({ transport, context }) => transport.parent(context),
  spanName: ({ pattern, isEvent }) => messageSpanName('process', pattern, !isEvent),
  spanKind: ({ isEvent }) => (isEvent ? SpanKind.CONSUMER : SpanKind.SERVER),
  attributes: ({ transport, pattern, isEvent, context }) =>
    messageAttributes(transport.system, pattern, 'process', !isEvent, transport.destination?.(context) ?? pattern, transport.messageId?.(context)),
  outcome: ({ context }) => messageOutcome(context),
};

/**
 * Gives every message a `@MessagePattern` or `@EventPattern` handler receives one span, in
 * which Nest's guards, pipes, interceptors and the handler run; it ends when the handler's
 * result (value, Promise, Observable) is done.
 */
@Injectable()
export class MessageServerTracer implements OnApplicationShutdown {
  constructor(@Inject(TRACING_SDK) private readonly sdk: TracingSdk) {}

  traceMessage(message: ReceivedMessage, handler: (this: unknown, ...args: any[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
    return runEntryPoint(MESSAGE_ENTRY, message, this.sdk.appTracer, handler, thisArg, args);
  }

  /** After the app's servers closed. */
  onApplicationShutdown(): void {
    untraceMessagePatterns(this);
  }
}
