import { Context, SpanOptions, SpanStatusCode, trace, TraceFlags, Tracer } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { reportOnce } from '../diagnostics';
import type { DeferredAttributes } from './deferred-attributes';
import type { HeadSampler, PendingRootStarter } from './head-sampler';
import { PendingSpan, PendingSpanRecorder } from './pending-span';
import { pendingDurationMs, replayPendingSpan } from './replay-pending-span';
import type { TraceIds } from './unsampled-root.span';
import { KeepReason, keptSpan } from './kept-span';
import type { ResolvedKeepOptions } from './keep-options';
import type { SamplingCounters } from './sampling-counters';
import { BufferedSpan, LocalTrace, UnsampledTraceBuffer } from './unsampled-trace-buffer';

function isSampled(span: ReadableSpan): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
}

function durationMs(span: BufferedSpan): number {
  if (span instanceof PendingSpan) return pendingDurationMs(span);
  return span.duration[0] * 1000 + span.duration[1] / 1e6;
}

/**
 * In front of the export processor when `sampler.keep` is on. Sampled spans pass through. The
 * spans of a local trace the head sampler did not keep (recorded, unsampled) wait in a bounded
 * buffer until its local root ends: then they are exported whole, marked `sampling.kept`, if one
 * of them ended with ERROR or the root was slow, and forgotten otherwise. A span of a kept trace
 * that ends after its root is exported as it ends; one of a forgotten trace is dropped.
 *
 * Given the head sampler, it also records the new traces the head drops, outside the SDK
 * (`PendingSpan`, much cheaper than SDK spans), and has the SDK start their spans only for a
 * trace it keeps. SDK spans started under a pending one (another tracer's) join its trace.
 */
export class KeepUnsampledProcessor implements SpanProcessor, PendingRootStarter, PendingSpanRecorder {
  /** The local trace each recorded unsampled span belongs to. */
  private readonly owners = new WeakMap<object, LocalTrace>();
  private readonly buffer: UnsampledTraceBuffer;

  constructor(
    private readonly next: SpanProcessor,
    private readonly keep: ResolvedKeepOptions,
    private readonly counters: SamplingCounters,
    private readonly deferred: DeferredAttributes,
    private readonly head?: HeadSampler,
  ) {
    this.buffer = new UnsampledTraceBuffer(keep, () => this.evicted());
    if (head !== undefined) head.keeper = this;
  }

  get ids(): TraceIds {
    return this.head!.ids;
  }

  startPendingRoot(tracer: Tracer, name: string, options: SpanOptions, randomPart: number): PendingSpan {
    const root = new PendingSpan(this, tracer, undefined, name, options, randomPart);
    this.buffer.add(root.local);
    return root;
  }

  pendingSpanEnded(span: PendingSpan): void {
    this.ended(span.local, span, span.failed);
  }

  /** Unsampled local traces held now (for tests and the README's bound). */
  get bufferedTraces(): number {
    return this.buffer.traceCount;
  }

  /** Ended spans held now. */
  get bufferedSpans(): number {
    return this.buffer.heldSpans;
  }

  onStart(span: Span, parentContext: Context): void {
    if (isSampled(span)) return this.next.onStart(span, parentContext);
    const parent = trace.getSpan(parentContext);
    let local =
      parent instanceof PendingSpan ? parent.local : parent !== undefined && !parent.spanContext().isRemote ? this.owners.get(parent) : undefined;
    if (local === undefined) {
      local = new LocalTrace(span);
      this.buffer.add(local);
    }
    local.open += 1;
    this.owners.set(span, local);
  }

  onEnd(span: ReadableSpan): void {
    if (isSampled(span)) return this.next.onEnd(span);
    const local = this.owners.get(span);
    if (local === undefined) return;
    local.open -= 1;
    this.ended(local, span, span.status.code === SpanStatusCode.ERROR);
  }

  private ended(local: LocalTrace, span: BufferedSpan, failed: boolean): void {
    if (local.state === 'kept') return this.export(span, local.keep!);
    if (local.state === 'dropped') return;
    if (this.keep.errors && local.keep === undefined && failed) local.keep = 'error';
    if (span === local.root) return this.settle(local, span);
    this.buffer.push(local, span);
  }

  /** The local root ended: export the trace whole or forget it. */
  private settle(local: LocalTrace, root: BufferedSpan): void {
    this.buffer.remove(local);
    const slowerThanMs = this.keep.slowerThanMs;
    if (local.keep === undefined && slowerThanMs !== undefined && durationMs(root) > slowerThanMs) local.keep = 'slow';
    const reason = local.keep;
    if (reason === undefined) {
      local.state = 'dropped';
      local.spans.length = 0;
      return;
    }
    local.state = 'kept';
    if (reason === 'error') this.counters.keptError += 1;
    else this.counters.keptSlow += 1;
    for (const span of local.spans) this.export(span, reason);
    local.spans.length = 0;
    this.export(root, reason);
  }

  private export(span: BufferedSpan, reason: KeepReason): void {
    try {
      // The SDK span started from a pending one comes back through onStart/onEnd, sampled.
      if (span instanceof PendingSpan) replayPendingSpan(span, reason, this.head!);
      else this.next.onEnd(keptSpan(span, reason, this.deferred.take(span)));
    } catch (error) {
      // A pending span ends in the app's own code path: exporting it must not throw there.
      reportOnce('keep-export', 'exporting a span of a trace kept after the fact failed; the span is lost', error);
    }
  }

  private evicted(): void {
    this.counters.bufferDrops += 1;
    reportOnce(
      'keep-buffer-full',
      `the buffer of unsampled traces is full (sampler.keep.maxSpans ${this.keep.maxSpans}, maxTraces ${this.keep.maxTraces}); ` +
        'the oldest are dropped and cannot be kept if they fail. Raise the limits or sample more at the head.',
    );
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  /** Traces still waiting for their root are dropped: they can no longer fail. */
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
