import { Context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { recordGetter, recordSetter, asHeaderRecord } from '../propagation/record-carrier';
import { ATTR_MESSAGING_DESTINATION_NAME, ATTR_MESSAGING_OPERATION_TYPE, ATTR_MESSAGING_SYSTEM } from '../server/microservices/message-attributes';
import { tracingRuntime } from '../tracing.runtime';
import { BullMqSpan } from './bullmq-span';

/**
 * BullMQ's `Telemetry` interface (`telemetry` of a Queue's or Worker's options), typed by shape so
 * this library never loads bullmq. Pass it to `BullModule.forRoot({ connection, telemetry })`.
 */
export interface BullMqTelemetry {
  tracer: { startSpan(name: string, options?: { kind: number }, context?: Context): BullMqSpan };
  contextManager: {
    with<A extends (...args: any[]) => any>(context: Context, fn: A): ReturnType<A>;
    active(): Context;
    getMetadata(context: Context): string;
    fromMetadata(activeContext: Context, metadata: string): Context;
  };
}

const NOT_TRACED = new BullMqSpan(undefined);

/** `process orders` → `orders`; `add orders.confirm` → `orders.confirm`. */
const destinationOf = (name: string): string => name.slice(name.indexOf(' ') + 1);

/**
 * Traces jobs through BullMQ's own telemetry interface: `queue.add` / `addBulk` inside a trace
 * is a PRODUCER span whose context BullMQ stores in the job; each attempt a worker makes is a
 * CONSUMER span, a child of that PRODUCER span (or a new trace for a job added outside one, or
 * by a producer without telemetry). BullMQ's other operations (polling for jobs, pausing,
 * closing) are not traced: they would start a trace every few seconds. A job's return value is
 * never recorded; a failed attempt is ERROR with BullMQ's failure reason.
 *
 * @example
 * BullModule.forRoot({ connection: { host: '127.0.0.1', port: 6379 }, telemetry: bullMqTelemetry() })
 */
export function bullMqTelemetry(): BullMqTelemetry {
  return {
    tracer: {
      startSpan(name, options, context) {
        const kind = options?.kind;
        if (kind !== SpanKind.PRODUCER && kind !== SpanKind.CONSUMER) return NOT_TRACED;
        const active = tracingRuntime.activeContext();
        // A job added outside any trace carries no context: not worth a trace of its own.
        if (kind === SpanKind.PRODUCER && !trace.getSpan(active)?.isRecording()) return NOT_TRACED;
        const parent = kind === SpanKind.CONSUMER ? (context ?? ROOT_CONTEXT) : (context ?? active);
        const attributes = {
          [ATTR_MESSAGING_SYSTEM]: 'bullmq',
          [ATTR_MESSAGING_DESTINATION_NAME]: destinationOf(name),
          [ATTR_MESSAGING_OPERATION_TYPE]: kind === SpanKind.CONSUMER ? 'process' : 'send',
        };
        return new BullMqSpan(tracingRuntime.tracerFor(active).startSpan(name, { kind, attributes }, parent));
      },
    },
    contextManager: {
      with: (ctx, fn) => tracingRuntime.with(ctx, fn),
      active: () => tracingRuntime.activeContext(),
      getMetadata(ctx) {
        const fields = {};
        propagation.inject(ctx, fields, recordSetter);
        return JSON.stringify(fields);
      },
      fromMetadata(_active, metadata) {
        // Metadata from the job: a malformed value starts a new trace, the job runs regardless.
        try {
          const fields = asHeaderRecord(JSON.parse(metadata));
          return fields ? propagation.extract(ROOT_CONTEXT, fields, recordGetter) : ROOT_CONTEXT;
        } catch {
          return ROOT_CONTEXT;
        }
      },
    },
  };
}
