import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { severityOfName } from './log-severity';
import { logsRuntime } from './logs-runtime';
import { recordLogLine } from './record-log-line';
import { correlatedSpanContext, traceFlagsText } from './trace-log-fields';

type Method = (this: ConsoleLogger, ...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The protected steps of Nest's ConsoleLogger we wrap: `formatMessage` builds a text line,
 * `getJsonLogObject` (Nest 11+) the object of a JSON line, and `printMessages` receives every
 * line of either form with its level and context.
 */
const HOOKED = ['formatMessage', 'getJsonLogObject', 'printMessages'] as const;
type HookedName = (typeof HOOKED)[number];

const prototype = ConsoleLogger.prototype as unknown as Record<HookedName, Method | undefined>;
let originals: Partial<Record<HookedName, Method>> | undefined;
const wrappers: Partial<Record<HookedName, Method>> = {};

/** ` trace_id=... span_id=...` before the line's end, inside a span. */
function withIdSuffix(line: string): string {
  const spanContext = correlatedSpanContext();
  if (!spanContext || typeof line !== 'string') return line;
  const suffix = ` trace_id=${spanContext.traceId} span_id=${spanContext.spanId}`;
  return line.endsWith('\n') ? `${line.slice(0, -1)}${suffix}\n` : line + suffix;
}

function withIdFields(logObject: Record<string, unknown>): Record<string, unknown> {
  const spanContext = correlatedSpanContext();
  if (!spanContext || logObject === null || typeof logObject !== 'object') return logObject;
  logObject.trace_id = spanContext.traceId;
  logObject.span_id = spanContext.spanId;
  logObject.trace_flags = traceFlagsText(spanContext);
  return logObject;
}

function wrap(name: HookedName, original: Method): Method {
  switch (name) {
    case 'formatMessage':
      return function formatMessage(...args) {
        return withIdSuffix(original.apply(this, args) as string);
      };
    case 'getJsonLogObject':
      return function getJsonLogObject(...args) {
        return withIdFields(original.apply(this, args) as Record<string, unknown>);
      };
    case 'printMessages':
      return function printMessages(messages: unknown[], context?: string, logLevel?: LogLevel, ...rest) {
        if (logsRuntime.capturing && Array.isArray(messages)) {
          const severity = severityOfName(logLevel ?? 'log');
          for (const message of messages) recordLogLine(severity, message, context);
        }
        return original.call(this, messages, context, logLevel, ...rest);
      };
  }
}

/**
 * Wraps ConsoleLogger's formatting steps on its prototype, once: every instance, Nest's default
 * logger and `new ConsoleLogger({ json: true })` alike, gets the ids of the active span without a
 * line of code at the call site. A method Nest does not have (JSON before Nest 11) is skipped.
 */
export function hookConsoleLogger(): void {
  if (originals) return;
  originals = {};
  for (const name of HOOKED) {
    const original = prototype[name];
    if (typeof original !== 'function') continue;
    originals[name] = original;
    prototype[name] = wrappers[name] = wrap(name, original);
  }
}

/** Puts the original methods back, unless someone wrapped ours since (theirs then stays). */
export function unhookConsoleLogger(): void {
  if (!originals) return;
  for (const name of HOOKED) {
    const original = originals[name];
    if (original && prototype[name] === wrappers[name]) prototype[name] = original;
  }
  originals = undefined;
}
