import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { StoredTrace } from './trace-store';
import { hrTimeToMillis, type ViewerSpan } from './viewer-span';

/** One trace in `GET <path>/api/traces`. Times in milliseconds; `startedAt` since the epoch. */
export interface TraceSummaryJson {
  traceId: string;
  /** The root's name: the earliest span whose parent is not in the trace. */
  name: string;
  service: string;
  startedAt: number;
  /** From the first span's start to the last span's end. */
  durationMs: number;
  spanCount: number;
  /** Spans whose status is ERROR. */
  errorCount: number;
  /** Spans past `maxSpansPerTrace`, not kept. */
  droppedSpans: number;
}

/** One span in `GET <path>/api/traces/:traceId`; `startMs` counts from the trace's start. */
export interface SpanJson {
  spanId: string;
  /** Absent for a root; may name a span of another process, not in `spans`. */
  parentSpanId?: string;
  name: string;
  kind: keyof typeof SpanKind;
  service: string;
  startMs: number;
  durationMs: number;
  /** Its duration less the time covered by its children. */
  selfTimeMs: number;
  status: keyof typeof SpanStatusCode;
  statusMessage?: string;
  attributes: Attributes;
  events: { name: string; atMs: number; attributes: Attributes }[];
}

/**
 * `GET <path>/api/traces/:traceId`: the summary and every kept span, each after its parent and
 * siblings by start time (spans of different clocks may start within the same millisecond in
 * either order, so start time alone cannot put a parent first).
 */
export interface TraceJson extends TraceSummaryJson {
  spans: SpanJson[];
}

const serviceOf = (span: ViewerSpan) => String(span.resource.attributes[ATTR_SERVICE_NAME] ?? 'unknown_service');
const startOf = (span: ViewerSpan) => hrTimeToMillis(span.startTime);
const endOf = (span: ViewerSpan) => hrTimeToMillis(span.endTime);

function rootOf(spans: readonly ViewerSpan[]): ViewerSpan {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const roots = spans.filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId));
  return (roots.length > 0 ? roots : spans).reduce((earliest, span) => (startOf(span) < startOf(earliest) ? span : earliest));
}

export function summarizeTrace(trace: StoredTrace): TraceSummaryJson {
  const { spans } = trace;
  const root = rootOf(spans);
  // Loops rather than Math.min(...spans): a trace may hold more spans than a call takes arguments.
  let startedAt = Infinity;
  let endedAt = -Infinity;
  let errorCount = 0;
  for (const span of spans) {
    startedAt = Math.min(startedAt, startOf(span));
    endedAt = Math.max(endedAt, endOf(span));
    if (span.status.code === SpanStatusCode.ERROR) errorCount += 1;
  }
  return {
    traceId: trace.traceId,
    name: root.name,
    service: serviceOf(root),
    startedAt,
    durationMs: endedAt - startedAt,
    spanCount: spans.length,
    errorCount,
    droppedSpans: trace.droppedSpans,
  };
}

/** Time of `[start, end]` covered by at least one child, each clipped to its parent. */
function coveredMillis(start: number, end: number, children: readonly ViewerSpan[]): number {
  const intervals = children
    .map((child) => [Math.max(start, startOf(child)), Math.min(end, endOf(child))])
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let reached = start;
  for (const [from, to] of intervals) {
    if (to <= reached) continue;
    covered += to - Math.max(from, reached);
    reached = to;
  }
  return covered;
}

function childrenByParent(spans: readonly ViewerSpan[]): Map<string, ViewerSpan[]> {
  const children = new Map<string, ViewerSpan[]>();
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId === undefined) continue;
    const siblings = children.get(parentId);
    if (siblings) siblings.push(span);
    else children.set(parentId, [span]);
  }
  return children;
}

/** Depth first from the roots (spans whose parent is not held), siblings by start time. */
function parentsFirst(spans: readonly ViewerSpan[], children: Map<string, ViewerSpan[]>): ViewerSpan[] {
  const byStart = (a: ViewerSpan, b: ViewerSpan) => startOf(a) - startOf(b);
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const ordered: ViewerSpan[] = [];
  // An explicit stack: a trace may be deeper than the call stack allows.
  const stack = spans.filter((span) => !span.parentSpanContext || !ids.has(span.parentSpanContext.spanId)).sort(byStart).reverse();
  while (stack.length > 0) {
    const span = stack.pop()!;
    ordered.push(span);
    const own = children.get(span.spanContext().spanId);
    if (own) for (const child of [...own].sort(byStart).reverse()) stack.push(child);
  }
  return ordered;
}

export function traceToJson(trace: StoredTrace): TraceJson {
  const summary = summarizeTrace(trace);
  const children = childrenByParent(trace.spans);
  const spans = parentsFirst(trace.spans, children);
  return {
    ...summary,
    spans: spans.map((span): SpanJson => {
      const start = startOf(span);
      const duration = hrTimeToMillis(span.duration);
      const own = children.get(span.spanContext().spanId) ?? [];
      return {
        spanId: span.spanContext().spanId,
        parentSpanId: span.parentSpanContext?.spanId,
        name: span.name,
        kind: SpanKind[span.kind] as keyof typeof SpanKind,
        service: serviceOf(span),
        startMs: start - summary.startedAt,
        durationMs: duration,
        selfTimeMs: Math.max(0, duration - coveredMillis(start, start + duration, own)),
        status: SpanStatusCode[span.status.code] as keyof typeof SpanStatusCode,
        statusMessage: span.status.message || undefined,
        attributes: span.attributes,
        events: span.events.map((event) => ({ name: event.name, atMs: hrTimeToMillis(event.time) - summary.startedAt, attributes: event.attributes ?? {} })),
      };
    }),
  };
}
