import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { EntryPoint, runEntryPoint } from '../../entry/entry-point';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { tracingRuntime } from '../../tracing.runtime';
import type { EventHandler } from './event-handler';
import { untraceEventHandlers } from './event-tracing';

/**
 * A run of an `@OnEvent` handler as an entry point: a child of the span active where the event
 * was emitted (EventEmitter2 calls sync handlers inside `emit`; async ones keep its context), a
 * new trace when there was none. INTERNAL: the event never leaves the process.
 */
const EVENT_HANDLER_ENTRY: EntryPoint<EventHandler> = {
  name: 'event handler',
  parent: () => tracingRuntime.activeContext(),
  spanName: (handler) => handler.spanName,
  spanKind: () => SpanKind.INTERNAL,
  attributes: (handler) => handler.attributes,
};

/** Runs each run of the app's `@OnEvent` handlers in a span. */
@Injectable()
export class EventHandlerTracer implements OnApplicationShutdown {
  constructor(@Inject(TRACING_SDK) private readonly sdk: TracingSdk) {}

  traceHandler(handler: EventHandler, run: (this: unknown, ...args: any[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
    return runEntryPoint(EVENT_HANDLER_ENTRY, handler, this.sdk.appTracer, run, thisArg, args);
  }

  /** After the app's event emitter removed its listeners. */
  onApplicationShutdown(): void {
    untraceEventHandlers(this);
  }
}
