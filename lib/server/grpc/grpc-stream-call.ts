import type { Span } from '@opentelemetry/api';
import type { GrpcServerCall } from './grpc-server-call';
import { recordServerError, setServerStatus } from './grpc-server-outcome';
import { GRPC_CANCELLED, GRPC_OK } from './grpc-status';

type Callback = (this: unknown, error: unknown, ...rest: unknown[]) => unknown;

/**
 * A `@GrpcStreamCall` handler gets the raw call and answers through it, so what it returns says
 * nothing about when the call is over. This resolves when it is, with its status on `span`:
 * the callback called (client streaming), the response stream ended (`finish`) or failed
 * (`error`), or the client cancelling. The callback is replaced in `args`, the array the
 * handler is then called with; the replacement calls the original with the same `this` and
 * arguments.
 */
export function whenStreamCallEnds(call: GrpcServerCall, args: unknown[], span: Span): Promise<void> {
  return new Promise((resolve) => {
    let open = true;
    const finish = (mark: () => void): void => {
      if (!open) return;
      open = false;
      mark();
      resolve();
    };
    call.once('cancelled', () => finish(() => setServerStatus(span, GRPC_CANCELLED)));
    // grpc-js listens to `error` on its streams itself (it sends the status), so ours is extra.
    if (typeof call.write === 'function') call.on('error', (error: unknown) => finish(() => recordServerError(span, error)));
    const callback = args[1];
    if (typeof callback === 'function') {
      args[1] = function tracedCallback(this: unknown, error: unknown, ...rest: unknown[]) {
        if (error) finish(() => recordServerError(span, error));
        else finish(() => setServerStatus(span, GRPC_OK));
        return (callback as Callback).call(this, error, ...rest);
      };
    } else {
      call.once('finish', () => finish(() => setServerStatus(span, GRPC_OK)));
    }
  });
}
