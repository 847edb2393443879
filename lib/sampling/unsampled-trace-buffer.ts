import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { KeepReason } from './kept-span';
import type { PendingSpan } from './pending-span';

/** An ended span of an unsampled trace: an SDK span, or one recorded outside the SDK. */
export type BufferedSpan = ReadableSpan | PendingSpan;

/** The part of an unsampled trace this process runs: its local root and what it caused. */
export class LocalTrace {
  /** Ended spans waiting for the root to end. */
  readonly spans: BufferedSpan[] = [];
  /** Spans started and not yet ended. */
  open = 0;
  /** Set once a reason to keep the trace is seen. */
  keep: KeepReason | undefined = undefined;
  /** `kept`: exported, later spans follow; `dropped`: forgotten, later spans too. */
  state: 'buffered' | 'kept' | 'dropped' = 'buffered';

  constructor(readonly root: object) {}
}

export interface BufferLimits {
  /** Most ended spans held across all buffered traces. */
  maxSpans: number;
  /** Most traces buffered at once. */
  maxTraces: number;
}

/**
 * Holds unsampled local traces until their local root ends, within a bound on spans and
 * traces: past it, the oldest trace is dropped (`onEvict` is told), whatever state it is in.
 */
export class UnsampledTraceBuffer {
  private readonly traces = new Set<LocalTrace>();
  private spanCount = 0;

  constructor(
    private readonly limits: BufferLimits,
    private readonly onEvict: (evicted: LocalTrace) => void,
  ) {}

  /** Traces held now. */
  get traceCount(): number {
    return this.traces.size;
  }

  /** Ended spans held now. */
  get heldSpans(): number {
    return this.spanCount;
  }

  add(local: LocalTrace): void {
    this.traces.add(local);
    while (this.traces.size > this.limits.maxTraces) this.evictOldest();
  }

  push(local: LocalTrace, span: BufferedSpan): void {
    local.spans.push(span);
    this.spanCount += 1;
    while (this.spanCount > this.limits.maxSpans) this.evictOldest();
  }

  /** Takes a trace out (settled); its spans are the caller's. */
  remove(local: LocalTrace): void {
    if (this.traces.delete(local)) this.spanCount -= local.spans.length;
  }

  private evictOldest(): void {
    const oldest = this.traces.values().next().value as LocalTrace;
    this.remove(oldest);
    oldest.state = 'dropped';
    oldest.spans.length = 0;
    this.onEvict(oldest);
  }
}
