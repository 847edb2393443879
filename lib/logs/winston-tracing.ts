import { severityOfName } from './log-severity';
import { logsRuntime } from './logs-runtime';
import { recordLogLine } from './record-log-line';
import { correlatedSpanContext, traceFlagsText } from './trace-log-fields';

/** winston's log entry: `level`, `message` and the fields; its raw level under this symbol. */
export interface WinstonInfo {
  level: string;
  message: unknown;
  [key: string | symbol]: unknown;
}

/** A winston format, built without loading winston: an object with `transform`. */
export interface WinstonTracingFormat {
  transform<T extends WinstonInfo>(info: T): T;
}

const LEVEL = Symbol.for('level');

/**
 * A winston format that adds `trace_id`, `span_id` and `trace_flags` to entries logged inside a
 * span, and hands them to span events and OTLP logs when those are on. Put it first, before the
 * format that prints (`json()`, `printf`...).
 *
 * @example format.combine(winstonTracing(), format.json())
 */
export function winstonTracing(): WinstonTracingFormat {
  return {
    transform<T extends WinstonInfo>(info: T): T {
      if (logsRuntime.capturing) recordLogLine(severityOfName(info[LEVEL] ?? info.level), info.message);
      const spanContext = correlatedSpanContext();
      if (spanContext) {
        const fields = info as WinstonInfo;
        fields.trace_id = spanContext.traceId;
        fields.span_id = spanContext.spanId;
        fields.trace_flags = traceFlagsText(spanContext);
      }
      return info;
    },
  };
}
