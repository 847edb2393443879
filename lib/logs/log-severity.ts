/**
 * OpenTelemetry's severity numbers (the logs data model): what each logger's levels map to,
 * so pino's 50, winston's 'error' and Nest's 'error' all read ERROR in a trace.
 */
export const Severity = { TRACE: 1, DEBUG: 5, INFO: 9, WARN: 13, ERROR: 17, FATAL: 21 } as const;

export interface LogSeverity {
  number: number;
  text: string;
}

const TRACE: LogSeverity = { number: Severity.TRACE, text: 'TRACE' };
const DEBUG: LogSeverity = { number: Severity.DEBUG, text: 'DEBUG' };
const INFO: LogSeverity = { number: Severity.INFO, text: 'INFO' };
const WARN: LogSeverity = { number: Severity.WARN, text: 'WARN' };
const ERROR: LogSeverity = { number: Severity.ERROR, text: 'ERROR' };
const FATAL: LogSeverity = { number: Severity.FATAL, text: 'FATAL' };

/** By level name: Nest's (`verbose`, `log`, `fatal`...) and npm's as winston uses them. */
const BY_NAME: Record<string, LogSeverity> = {
  silly: TRACE,
  trace: TRACE,
  verbose: TRACE,
  debug: DEBUG,
  http: DEBUG,
  log: INFO,
  info: INFO,
  warn: WARN,
  warning: WARN,
  error: ERROR,
  fatal: FATAL,
  crit: FATAL,
  alert: FATAL,
  emerg: FATAL,
};

/** A level name's severity; an unknown name (a custom level) counts as INFO. */
export function severityOfName(level: unknown): LogSeverity {
  return (typeof level === 'string' && BY_NAME[level.toLowerCase()]) || INFO;
}

/** pino's numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
export function severityOfPinoLevel(level: number): LogSeverity {
  if (level >= 60) return FATAL;
  if (level >= 50) return ERROR;
  if (level >= 40) return WARN;
  if (level >= 30) return INFO;
  return level >= 20 ? DEBUG : TRACE;
}
