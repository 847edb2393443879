import { diag, DiagLogLevel } from '@opentelemetry/api';

/**
 * Sets (or, with `undefined`, removes) environment variables and returns a function that puts
 * every one of them back as it was, so one test's `OTEL_*` settings never reach the next.
 */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const previous = Object.keys(vars).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** A message the OpenTelemetry diag logger received. */
export interface DiagMessage {
  level: 'error' | 'warn' | 'info';
  message: string;
  args: unknown[];
}

/** Records what reaches the diag logger (info and above) until `diag.disable()`. */
export function captureDiag(): DiagMessage[] {
  const messages: DiagMessage[] = [];
  const record = (level: DiagMessage['level']) => (message: string, ...args: unknown[]) => {
    messages.push({ level, message, args });
  };
  diag.setLogger(
    { error: record('error'), warn: record('warn'), info: record('info'), debug: () => {}, verbose: () => {} },
    { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true },
  );
  return messages;
}
