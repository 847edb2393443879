import { reportOnce } from '../../diagnostics';
import { PACKET_TRACE_FIELD } from '../../propagation/record-carrier';

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * The `_trace` field of the `ws` message being dispatched: `@nestjs/platform-ws` messages are
 * envelopes, `{ event, data }`, and handlers receive only `data`, so a field beside it carries
 * the message's own trace context without `@MessageBody()` ever seeing it:
 * `{ event: 'order.watch', data: {...}, _trace: { traceparent, tracestate } }`.
 * The adapter parses the envelope and calls the handler in one synchronous step, which this
 * slot spans; read outside it, it is empty.
 */
let dispatching: { trace?: unknown } | undefined;

/** Parsers already wrapped (the adapter's own, or one given to `setMessageParser`). */
const keepingParsers = new WeakSet<Method>();

/** The `_trace` field of the message whose handler is being called, if any. */
export function envelopeTrace(): unknown {
  return dispatching?.trace;
}

function keepingTrace(parse: Method): Method {
  const parseKeepingTrace = function (this: unknown, ...args: unknown[]) {
    const message = parse.apply(this, args);
    try {
      if (dispatching && message !== null && typeof message === 'object') dispatching.trace = (message as Record<string, unknown>)[PACKET_TRACE_FIELD];
    } catch (error) {
      reportOnce('ws-envelope', "reading a ws message's _trace field failed; it starts a new trace", error);
    }
    return message;
  };
  keepingParsers.add(parseKeepingTrace);
  return parseKeepingTrace;
}

/** `WsAdapter.bindMessageHandler`, run with the slot, its adapter's parser keeping the field. */
export function keepEnvelopeTraces(bindMessageHandler: Method): Method {
  return function bindMessageHandlerKeepingTrace(this: unknown, ...args: unknown[]) {
    const adapter = this as { messageParser?: unknown };
    const parse = adapter?.messageParser;
    if (typeof parse === 'function' && !keepingParsers.has(parse as Method)) adapter.messageParser = keepingTrace(parse as Method);
    const outer = dispatching;
    dispatching = {};
    try {
      return bindMessageHandler.apply(this, args);
    } finally {
      dispatching = outer;
    }
  };
}
