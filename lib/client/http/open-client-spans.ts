import type { Span } from '@opentelemetry/api';
import { reportOnce } from '../../diagnostics';

/**
 * The CLIENT spans of requests still waiting for their outcome, keyed by the transport's own
 * request object (held weakly: a request dropped unanswered takes its span with it).
 */
export class OpenClientSpans<R extends object> {
  private readonly spans = new WeakMap<R, Span>();

  constructor(
    /** Names the transport in diag messages, e.g. `fetch/undici`. */
    private readonly transport: string,
  ) {}

  has(request: R): boolean {
    return this.spans.has(request);
  }

  add(request: R, span: Span): void {
    this.spans.set(request, span);
  }

  /** Ends the span of `request` with `end`, once: later outcomes of the same request are ignored. */
  end(request: R, end: (span: Span) => void): void {
    const span = this.spans.get(request);
    if (!span) return;
    this.spans.delete(request);
    try {
      end(span);
    } catch (error) {
      reportOnce(`http-client:end:${this.transport}`, `ending the span of an outgoing ${this.transport} request failed`, error);
    }
  }
}
