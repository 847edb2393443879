import type { Logger } from '@opentelemetry/api-logs';

/**
 * What the installed TracingModule asked of log lines, read by every logger hook on each line:
 * plain fields, so a hook costs a property read when a feature is off.
 */
class LogsRuntime {
  /** Add the active span's ids to lines (on unless the module said otherwise). */
  correlation = true;
  /** Error and fatal lines inside a span become `log` events. */
  errorEvents = false;
  /** Every line inside a span becomes a `log` event (the console tree prints them). */
  allEvents = false;
  /** Where lines go as OTLP log records, when that is on. */
  otlpLogger: Logger | undefined;

  /** True when a line is recorded somewhere besides the logger's own output. */
  get capturing(): boolean {
    return this.errorEvents || this.allEvents || this.otlpLogger !== undefined;
  }

  reset(): void {
    this.correlation = true;
    this.errorEvents = false;
    this.allEvents = false;
    this.otlpLogger = undefined;
  }
}

export const logsRuntime = new LogsRuntime();
