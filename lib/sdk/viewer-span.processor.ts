import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { reportOnce } from '../diagnostics';
import type { TraceStore } from '../viewer/trace-store';

/**
 * Puts each sampled span, as it ends, into the trace viewer's store; placed beside the
 * exporter's processor, which it does not touch. Installed only when the viewer is on.
 */
export class ViewerSpanProcessor implements SpanProcessor {
  constructor(private readonly store: TraceStore) {}

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    // Unsampled spans recorded for the keep mode are not part of any exported trace.
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    try {
      this.store.add(span);
    } catch (error) {
      reportOnce('viewer-store', 'the trace viewer could not store a span', error);
    }
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
