import { diag } from '@opentelemetry/api';

const MAX_REMEMBERED = 1000;
const reported = new Set<string>();

/**
 * Tells the OpenTelemetry diag logger about a problem of tracing itself, once per `key`, so a
 * failing mapper on a hot path does not flood the logs. The set is bounded; past it, new keys
 * are still reported once more each time the set is cleared.
 */
export function reportOnce(key: string, message: string, error?: unknown): void {
  if (reported.has(key)) return;
  if (reported.size >= MAX_REMEMBERED) reported.clear();
  reported.add(key);
  diag.warn(`nestjs-tracing: ${message}`, ...(error === undefined ? [] : [error]));
}

/** For tests: forget what was reported. */
export function resetReportedProblems(): void {
  reported.clear();
}
