import { reportOnce } from '../../diagnostics';
import { Method, PrototypeWrap } from '../../entry/prototype-wrap';
import { noteGatewayFailure } from './gateway-failures';
import type { GatewayMessageTracer } from './gateway-message-tracer';
import { keepUpgradeRequest } from './handshake-links';
import { envelopeTrace, keepEnvelopeTraces } from './ws-envelope';


interface NestClass {
  prototype: object;
}

/**
 * The classes of `@nestjs/websockets` whose methods every gateway message goes through; not
 * exported by its index, so loaded by path (loaded only when the app has gateways).
 */
export interface WebSocketsInternals {
  /** `create(instance, callback, moduleKey, methodName)` builds each handler: guards, pipes, interceptors, exception handling. */
  WsContextCreator: NestClass;
  /** `getConnectionHandler(...)` returns the listener of each new connection: `(client, upgradeRequest)` for `ws`. */
  WebSocketsController: NestClass;
  /** `handle(exception, host)` receives every exception of a handler, before the filters answer. */
  WsExceptionsHandler: NestClass;
  /** `@nestjs/platform-ws`'s adapter, when the app has it: `bindMessageHandler` parses each envelope. */
  WsAdapter?: NestClass;
}

function optionalWsAdapter(): NestClass | undefined {
  try {
    return require('@nestjs/platform-ws').WsAdapter;
  } catch {
    return undefined; // socket.io only
  }
}

export function loadWebSocketsInternals(): WebSocketsInternals {
  return {
    WsContextCreator: require('@nestjs/websockets/context/ws-context-creator').WsContextCreator,
    WebSocketsController: require('@nestjs/websockets/web-sockets-controller').WebSocketsController,
    WsExceptionsHandler: require('@nestjs/websockets/exceptions/ws-exceptions-handler').WsExceptionsHandler,
    WsAdapter: optionalWsAdapter(),
  };
}

/** Wraps `name` on `target`'s prototype (see `PrototypeWrap`); returns the undo. */
function patchMethod(target: NestClass, name: string, wrap: (original: Method) => Method): () => void {
  const hook = PrototypeWrap.of(target.prototype as Record<string, unknown>, name, wrap);
  if (!hook.acquire()) throw new TypeError(`${(target as { name?: string }).name ?? 'a class'}.${name} is not a method`);
  return () => hook.release();
}

type TracerOf = (gateway: object) => GatewayMessageTracer | undefined;

/** `@SubscribeMessage`'s metadata key on the handler method (its pattern). */
const MESSAGE_METADATA = 'message';

/** Nest's handler of one `@SubscribeMessage` method, run in a span when its gateway is traced. */
function tracedHandler(handler: Method, instance: unknown, callback: unknown, tracerOf: TracerOf): Method | undefined {
  const gatewayClass = instance !== null && typeof instance === 'object' ? instance.constructor : undefined;
  if (typeof handler !== 'function' || typeof gatewayClass !== 'function' || !tracerOf(gatewayClass)) return undefined;
  const gateway = gatewayClass.name;
  const pattern = String(Reflect.getMetadata(MESSAGE_METADATA, callback as object));
  return function tracedGatewayMessage(this: unknown, client: unknown) {
    const tracer = tracerOf(gatewayClass);
    // `arguments`, not rest parameters: no copy of them per message.
    if (!tracer) return Reflect.apply(handler, this, arguments);
    return tracer.traceMessage({ gateway, pattern, client, trace: envelopeTrace() }, handler, this, arguments);
  };
}

/**
 * Wraps, once for the process, the steps of Nest's gateway machinery: each handler Nest
 * builds from now on is traced (it receives `(client, data, ...)` before guards and pipes),
 * each `ws` connection's upgrade request is kept for its handshake context, each exception is
 * noted on its message's span, and each `ws` envelope's `_trace` field is read. Returns the undo.
 */
export function hookGateways(websockets: WebSocketsInternals, tracerOf: TracerOf): () => void {
  const undo: Array<() => void> = [];
  const unhook = () => undo.splice(0).forEach((restore) => restore());
  try {
    undo.push(patchMethod(websockets.WsContextCreator, 'create', (create) =>
      function createTracedHandler(this: unknown, instance: unknown, callback: unknown, ...rest: unknown[]) {
        const handler = create.call(this, instance, callback, ...rest) as Method;
        try {
          return tracedHandler(handler, instance, callback, tracerOf) ?? handler;
        } catch (error) {
          reportOnce('gateway-handler', 'tracing a gateway handler failed; its messages run untraced', error);
          return handler;
        }
      },
    ));
    undo.push(patchMethod(websockets.WebSocketsController, 'getConnectionHandler', (getConnectionHandler) =>
      function getHandshakeKeepingHandler(this: unknown, ...args: unknown[]) {
        const onConnection = getConnectionHandler.apply(this, args);
        if (typeof onConnection !== 'function') return onConnection;
        return function onConnectionKeepingHandshake(this: unknown, client: unknown, request: unknown) {
          keepUpgradeRequest(client, request);
          return Reflect.apply(onConnection, this, arguments);
        };
      },
    ));
    undo.push(patchMethod(websockets.WsExceptionsHandler, 'handle', (handle) =>
      function handleNotingFailure(this: unknown, exception: unknown, ...rest: unknown[]) {
        noteGatewayFailure(exception);
        return handle.call(this, exception, ...rest);
      },
    ));
    if (websockets.WsAdapter) undo.push(patchMethod(websockets.WsAdapter, 'bindMessageHandler', keepEnvelopeTraces));
  } catch (error) {
    unhook();
    throw error;
  }
  return unhook;
}
