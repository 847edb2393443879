import { format } from 'node:util';
import { severityOfPinoLevel } from './log-severity';
import { logsRuntime } from './logs-runtime';
import { recordLogLine } from './record-log-line';
import { traceLogFields, TraceLogFields } from './trace-log-fields';

/** The part of pino's options `pinoTracing()` fills (typed here so pino is never loaded). */
export interface PinoTracingOptions {
  mixin: () => TraceLogFields | Record<string, never>;
  hooks: {
    logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void, level: number): void;
  };
}

/** pino's arguments: `(message, ...interpolation)` or `(object, message?, ...interpolation)`. */
function pinoMessage(args: unknown[]): unknown {
  const [first, ...rest] = args;
  if (typeof first === 'string') return format(first, ...rest);
  if (typeof rest[0] === 'string') return format(...(rest as [string, ...unknown[]]));
  const object = first as { msg?: unknown; message?: unknown } | undefined;
  return object?.msg ?? object?.message ?? first;
}

/**
 * pino options that join its lines to traces: spread them into `pino({...})`, or into
 * nestjs-pino's `pinoHttp`. The mixin adds `trace_id`, `span_id` and `trace_flags` to lines
 * written inside a span; the `logMethod` hook hands lines to span events and OTLP logs when
 * those are on.
 *
 * @example pino({ ...pinoTracing(), level: 'info' })
 */
export function pinoTracing(): PinoTracingOptions {
  return {
    mixin: traceLogFields,
    hooks: {
      logMethod(args, method, level) {
        if (logsRuntime.capturing) recordLogLine(severityOfPinoLevel(level), pinoMessage(args));
        return method.apply(this, args);
      },
    },
  };
}
