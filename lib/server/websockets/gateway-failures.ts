import { Context, createContextKey } from '@opentelemetry/api';
import { reportOnce } from '../../diagnostics';
import { tracingRuntime } from '../../tracing.runtime';
import type { GatewayMessage } from './gateway-attributes';

/**
 * The message whose span is active, so that Nest's exception handling can tell it what failed:
 * Nest catches every error of a gateway handler (thrown by a guard, a pipe, an interceptor or
 * the handler, or emitted by its Observable) and answers the client itself, so the handler's
 * result settles as if all went well. The handling runs in the message's context.
 */
const GATEWAY_MESSAGE = createContextKey('nestjs-tracing gateway message');

export const withGatewayMessage = (ctx: Context, message: GatewayMessage): Context => ctx.setValue(GATEWAY_MESSAGE, message);

/** Notes the exception Nest's `WsExceptionsHandler` received on the active message; never throws. */
export function noteGatewayFailure(exception: unknown): void {
  try {
    const message = tracingRuntime.activeContext().getValue(GATEWAY_MESSAGE) as GatewayMessage | undefined;
    if (message && !message.failure) message.failure = { error: exception };
  } catch (error) {
    reportOnce('gateway-failure', 'noting a gateway exception for its span failed', error);
  }
}
