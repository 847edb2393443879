import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../../diagnostics';
import { FrameworkHandlers } from '../../entry/framework-handlers';
import type { Method } from '../../entry/prototype-wrap';
import { describeEventHandler, EVENT_LISTENER_METADATA, EventHandler } from './event-handler';
import type { EventHandlerTracer } from './event-handler.tracer';

function handlerOf(instance: unknown, methodKey: unknown, options: unknown): EventHandler | undefined {
  try {
    const valid = instance !== null && typeof instance === 'object' && (typeof methodKey === 'string' || typeof methodKey === 'symbol');
    return valid ? describeEventHandler(instance, methodKey, options) : undefined;
  } catch (error) {
    reportOnce('event-handler', 'reading an @OnEvent handler failed; its runs are not traced', error);
    return undefined;
  }
}

/** Stands for the handler when Nest handles its failure: it throws what the handler threw. */
const throwing = (methodKey: string | symbol, error: unknown) => ({
  [methodKey]: () => {
    throw error;
  },
});

/**
 * `EventSubscribersLoader.wrapFunctionInTryCatchBlocks(instance, methodKey, args, options)` runs
 * each `@OnEvent` handler for each event (sync, `async`, `promisify`, `emitAsync`, and
 * request-scoped alike) and swallows its error unless `suppressErrors: false`. The handler runs
 * in its span with errors let through, so the span records them; Nest then handles a failure
 * as the handler's options say (logs it, or throws it on), with what the handler threw.
 */
function traceHandlerRuns(original: Method): Method {
  return function wrapFunctionInTryCatchBlocks(this: unknown, instance: unknown, methodKey: string | symbol, args: unknown, options: unknown, ...rest: unknown[]) {
    const tracer = eventHandlers.tracerOf(instance);
    const handler = tracer && handlerOf(instance, methodKey, options);
    if (!tracer || !handler) return Reflect.apply(original, this, [instance, methodKey, args, options, ...rest]);
    const letErrorsThrough = { ...(options as object | undefined), suppressErrors: false };
    const run = tracer.traceHandler(handler, original, this, [instance, methodKey, args, letErrorsThrough, ...rest]);
    return Promise.resolve(run).catch((error: unknown) => Reflect.apply(original, this, [throwing(methodKey, error), methodKey, [], options, ...rest]));
  };
}

const eventHandlers = new FrameworkHandlers<EventHandlerTracer>(
  { what: '@OnEvent handlers', metadataKey: EVENT_LISTENER_METADATA, className: 'EventSubscribersLoader', method: 'wrapFunctionInTryCatchBlocks' },
  traceHandlerRuns,
);

/**
 * Makes each run of the `@OnEvent` handlers of the app's providers and controllers a span.
 * Done while the app's providers are created, before the event emitter subscribes them (on
 * application bootstrap).
 */
export function traceEventHandlers(discovery: DiscoveryService, tracer: EventHandlerTracer): void {
  eventHandlers.trace(discovery, tracer);
}

/** The app is closing: its handlers are no longer traced. */
export function untraceEventHandlers(tracer: EventHandlerTracer): void {
  eventHandlers.untrace(tracer);
}
