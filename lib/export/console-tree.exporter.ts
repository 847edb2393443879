import { SpanKind } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ConsoleExporterOptions } from '../tracing.options';
import { renderTraceTrees } from './render-traces';

/** Traces kept waiting for their root at once; past it the oldest is printed as it is. */
export const MAX_PENDING_TRACES = 1000;
/** Spans kept for one trace; past it the trace is printed early. */
export const MAX_SPANS_PER_TRACE = 2000;
/** Ids of printed traces remembered, so a span that ends after its root is not held forever. */
const MAX_PRINTED_TRACES = 1000;

interface PendingTrace {
  spans: ReadableSpan[];
  timer?: NodeJS.Timeout;
  /** A message was sent (a PRODUCER span): its consumer may still be at work. */
  sentMessages?: boolean;
}

function parentId(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/**
 * Prints each finished trace as a tree (see DESIGN.md's picture). Spans are held per trace
 * until the local root ends, so a trace is printed once, whole, even when its spans end at
 * different times; a root whose parent is remote waits `graceMillis` in case that parent is
 * local after all (services sharing one process) and ends later, as does a trace that sent a
 * message (a PRODUCER span), whose consumer may still be at work. Spans that end after their
 * trace was printed (work left running) are printed `graceMillis` later, on their own.
 */
export class ConsoleTreeExporter implements SpanExporter {
  private readonly pending = new Map<string, PendingTrace>();
  /** Insertion-ordered set of recently printed trace ids, oldest first. */
  private readonly printed = new Set<string>();
  private readonly graceMillis: number;
  private readonly write: (text: string) => void;

  constructor(private readonly options: ConsoleExporterOptions = {}) {
    this.graceMillis = options.graceMillis ?? 500;
    this.write = options.write ?? ((text) => process.stdout.write(text));
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    for (const span of spans) this.add(span);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  private add(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    let trace = this.pending.get(traceId);
    if (!trace) {
      if (this.pending.size >= MAX_PENDING_TRACES) this.printOldest();
      trace = { spans: [] };
      this.pending.set(traceId, trace);
    }
    trace.spans.push(span);
    if (span.kind === SpanKind.PRODUCER) trace.sentMessages = true;
    if (trace.spans.length >= MAX_SPANS_PER_TRACE) return this.print(traceId);
    // An event's consumer usually ends after the request that emitted it: give it the grace.
    if (parentId(span) === undefined) return trace.sentMessages ? this.printLater(traceId, trace) : this.print(traceId);
    if (span.parentSpanContext?.isRemote || this.printed.has(traceId)) this.printLater(traceId, trace);
  }

  private printLater(traceId: string, trace: PendingTrace): void {
    if (trace.timer) clearTimeout(trace.timer);
    trace.timer = setTimeout(() => this.print(traceId), this.graceMillis);
    trace.timer.unref();
  }

  private printOldest(): void {
    const oldest = this.pending.keys().next().value;
    if (oldest !== undefined) this.print(oldest);
  }

  private remember(traceId: string): void {
    this.printed.delete(traceId);
    this.printed.add(traceId);
    if (this.printed.size > MAX_PRINTED_TRACES) this.printed.delete(this.printed.values().next().value!);
  }

  /** Prints every span of the trace: each span whose parent is not among them roots a tree. */
  private print(traceId: string): void {
    const trace = this.pending.get(traceId);
    if (!trace) return;
    this.pending.delete(traceId);
    if (trace.timer) clearTimeout(trace.timer);
    this.remember(traceId);
    for (const tree of renderTraceTrees(trace.spans, this.options)) this.write(tree);
  }

  forceFlush(): Promise<void> {
    for (const traceId of [...this.pending.keys()]) this.print(traceId);
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }
}
