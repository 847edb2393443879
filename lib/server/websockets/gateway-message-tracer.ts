import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import type { SpanOutcome } from '../../decorators/span-outcome';
import { EntryPoint, runEntryPoint } from '../../entry/entry-point';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { markMessageError } from '../microservices/message-outcome';
import { extractFrom } from '../microservices/message-transports';
import { gatewayAttributes, GatewayMessage } from './gateway-attributes';
import { withGatewayMessage } from './gateway-failures';
import { untraceGateways } from './gateway-tracing';
import { linksToHandshake } from './handshake-links';

/**
 * The span ends when the handler's result is done (Nest subscribes a returned Observable);
 * a failure Nest's exception handling answered is recorded when it settles.
 */
function gatewayOutcome(message: GatewayMessage): SpanOutcome {
  return {
    followsResolvedObservable: true,
    onSuccess(span) {
      if (message.failure) markMessageError(span, message.failure.error);
    },
    onError: (span, error) => markMessageError(span, error),
  };
}

/**
 * A gateway message as an entry point: the trace its envelope carries, else a new one, linked to
 * the one the client connected in (see `linksToHandshake`); a SERVER span `{Gateway} {pattern}`
 * (the client talks to this server directly, no broker between, and whether the handler replies
 * is known only at its end, while the kind is set at the start).
 */
const GATEWAY_ENTRY: EntryPoint<GatewayMessage> = {
  name: 'gateway message',
  parent: (message) => withGatewayMessage(message.trace === undefined ? ROOT_CONTEXT : extractFrom(message.trace), message),
  links: ({ client }) => linksToHandshake(client),
  spanName: ({ gateway, pattern }) => `${gateway} ${pattern}`,
  spanKind: () => SpanKind.SERVER,
  attributes: gatewayAttributes,
  outcome: gatewayOutcome,
};

/**
 * Gives every message a `@SubscribeMessage` handler receives one span, in which Nest's guards,
 * pipes, interceptors and the handler run.
 */
@Injectable()
export class GatewayMessageTracer implements OnApplicationShutdown {
  constructor(@Inject(TRACING_SDK) private readonly sdk: TracingSdk) {}

  traceMessage(message: GatewayMessage, handler: (this: unknown, ...args: any[]) => unknown, thisArg: unknown, args: ArrayLike<unknown>): unknown {
    return runEntryPoint(GATEWAY_ENTRY, message, this.sdk.appTracer, handler, thisArg, args as unknown[]);
  }

  /** After the app's gateways closed. */
  onApplicationShutdown(): void {
    untraceGateways(this);
  }
}
