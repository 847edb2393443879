import { reportOnce } from '../../diagnostics';
import type { HttpClientTracingOptions } from '../../tracing.options';
import { traceNodeHttpRequests } from './node-http-request-tracing';
import { resolveOutgoingHttpSettings } from './outgoing-http-settings';
import { traceUndiciRequests } from './undici-request-tracing';

/** The process-wide subscription, shared by every TracingModule that traces outgoing calls. */
let active: { users: number; stop: () => void } | undefined;

/**
 * Starts tracing outgoing HTTP requests (fetch / undici and node:http / https) for one more
 * TracingModule, and returns what releases it. The diagnostics channels are global, so the first
 * module subscribes, with its options, and the last one to release unsubscribes; a later
 * module's own `http.client` options are not applied (the diag logger says so once).
 */
export function traceOutgoingHttp(options: HttpClientTracingOptions | undefined): () => void {
  if (options?.enabled === false) return () => undefined;
  if (active) {
    active.users += 1;
    if (options !== undefined) {
      reportOnce('http-client:shared', 'outgoing HTTP is already traced for this process with the first TracingModule\'s http.client options; a later module\'s are not applied');
    }
  } else {
    const settings = resolveOutgoingHttpSettings(options);
    const stops = [traceUndiciRequests(settings), traceNodeHttpRequests(settings)];
    active = { users: 1, stop: () => stops.forEach((stop) => stop()) };
  }
  const current = active;
  let released = false;
  return () => {
    if (released || active !== current) return;
    released = true;
    current.users -= 1;
    if (current.users > 0) return;
    active = undefined;
    current.stop();
  };
}
