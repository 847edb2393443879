import { Attributes, trace } from '@opentelemetry/api';
import { inspect } from 'node:util';
import { reportOnce } from '../diagnostics';
import { tracingRuntime } from '../tracing.runtime';
import { LogSeverity, Severity } from './log-severity';
import { logsRuntime } from './logs-runtime';

/** Name of the span event a log line becomes; the console tree prints it as `log: ...`. */
export const LOG_EVENT = 'log';
export const ATTR_LOG_SEVERITY = 'log.severity';
export const ATTR_LOG_MESSAGE = 'log.message';
/** Nest's logger context (`[OrdersService]`), when the line has one. */
export const ATTR_LOG_CONTEXT = 'log.context';

/** A message as text: strings as they are, anything else inspected on one line. */
export function messageText(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return inspect(message, { depth: 2, breakLength: Infinity });
}

/**
 * Records one line a logger wrote, besides the logger's own output: as a `log` event on the
 * active span (error lines with `logs.spanEvents`, all of them for the console tree) and as an
 * OTLP log record with `logs.otlp`. A failure here is reported once and the line goes on.
 */
export function recordLogLine(severity: LogSeverity, message: unknown, context?: string): void {
  try {
    const active = tracingRuntime.activeContext();
    const attributes: Attributes = {};
    if (context) attributes[ATTR_LOG_CONTEXT] = context;
    const text = messageText(message);
    logsRuntime.otlpLogger?.emit({
      severityNumber: severity.number,
      severityText: severity.text,
      body: text,
      attributes,
      context: active,
    });
    if (!logsRuntime.allEvents && !(logsRuntime.errorEvents && severity.number >= Severity.ERROR)) return;
    const span = trace.getSpan(active);
    if (!span?.isRecording()) return;
    attributes[ATTR_LOG_SEVERITY] = severity.text;
    attributes[ATTR_LOG_MESSAGE] = text;
    span.addEvent(LOG_EVENT, attributes);
  } catch (error) {
    reportOnce('log-line-record', 'recording a log line in the trace failed; the line was written as usual', error);
  }
}
