import type { Attributes, AttributeValue, Exception, Link, Span, SpanContext, SpanKind, SpanOptions, SpanStatus, TimeInput, Tracer } from '@opentelemetry/api';
import { SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { isTimeInput, otperformance } from '@opentelemetry/core';
import { LocalTrace } from './unsampled-trace-buffer';
import { TraceIds, withRandomPart } from './unsampled-root.span';

/** Where a pending span reports its end: the keep processor. */
export interface PendingSpanRecorder {
  /** The SDK's id generator, for ids made only when read. */
  readonly ids: TraceIds;
  pendingSpanEnded(span: PendingSpan): void;
}

/** An event or exception, as it was recorded; `at` is `performance.now()` when no time was given. */
export interface PendingEvent {
  name: string;
  attributes: Attributes | undefined;
  exception: Exception | undefined;
  time: TimeInput | undefined;
  at: number;
}

/**
 * Most events and links held per span: a bound on memory for a span that is most likely never
 * exported (the SDK applies its own count limits when a kept trace is exported).
 */
const MOST_HELD = 128;

/**
 * A span of a new trace the head sampler dropped, while `keep` may still want it: recorded in
 * plain fields rather than as an SDK span (no sampler, no span processors, no attribute checks,
 * ids made only when read), because nearly all such traces end well and are forgotten. If its
 * trace is kept, the keep processor starts the SDK span from what was recorded here, with the
 * same ids, times, attributes, events and status (see `replayPendingSpan`). Its context says
 * "unsampled", as the trace's callees are told.
 */
export class PendingSpan implements Span {
  readonly local: LocalTrace;
  readonly kind: SpanKind | undefined;
  readonly links: Link[] | undefined;
  /** The start time given by the caller, if any. */
  readonly startTime: TimeInput | undefined;
  /** `performance.now()` at start. */
  readonly startedAt: number = otperformance.now();
  attributes: Attributes | undefined = undefined;
  events: PendingEvent[] | undefined = undefined;
  status: SpanStatus | undefined = undefined;
  endTime: TimeInput | undefined = undefined;
  endedAt = 0;
  ended = false;
  private context: SpanContext | undefined = undefined;
  private startAttributes: ((input: unknown) => Attributes) | undefined = undefined;
  private startAttributesInput: unknown = undefined;

  /**
   * @param parent the local parent; undefined for the root of a new trace
   * @param randomPart the root's decision, the random part of its trace id
   */
  constructor(
    readonly recorder: PendingSpanRecorder,
    readonly tracer: Tracer,
    readonly parent: PendingSpan | undefined,
    public name: string,
    options: SpanOptions,
    private readonly randomPart = 0,
  ) {
    this.kind = options.kind;
    this.links = options.links?.slice(0, MOST_HELD);
    this.startTime = options.startTime;
    if (options.attributes !== undefined) this.attributes = { ...options.attributes };
    this.local = parent === undefined ? new LocalTrace(this) : parent.local;
    this.local.open += 1;
  }

  /** A child recorded the same way, in the same local trace. */
  startChild(name: string, options: SpanOptions): PendingSpan {
    return new PendingSpan(this.recorder, this.tracer, this, name, options);
  }

  spanContext(): SpanContext {
    return (this.context ??= {
      traceId: this.parent === undefined ? withRandomPart(this.recorder.ids.generateTraceId(), this.randomPart) : this.parent.spanContext().traceId,
      spanId: this.recorder.ids.generateSpanId(),
      traceFlags: TraceFlags.NONE,
    });
  }

  /** Start attributes computed only if the trace is kept: `compute(input)`. */
  deferStartAttributes<T>(compute: (input: T) => Attributes, input: T): void {
    this.startAttributes = compute as (input: unknown) => Attributes;
    this.startAttributesInput = input;
  }

  /** The deferred start attributes, computed now (once). */
  takeStartAttributes(): Attributes | undefined {
    const compute = this.startAttributes;
    if (compute === undefined) return undefined;
    this.startAttributes = undefined;
    return compute(this.startAttributesInput);
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (!this.ended) (this.attributes ??= {})[key] = value;
    return this;
  }

  setAttributes(attributes: Attributes): this {
    if (!this.ended) this.attributes = this.attributes === undefined ? { ...attributes } : Object.assign(this.attributes, attributes);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (isTimeInput(attributesOrTime)) this.hold(name, undefined, undefined, attributesOrTime);
    else this.hold(name, attributesOrTime, undefined, time);
    return this;
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.hold('exception', undefined, exception, time);
  }

  addLink(link: Link): this {
    return this.addLinks([link]);
  }

  addLinks(links: Link[]): this {
    if (!this.ended) (this as { links: Link[] | undefined }).links = [...(this.links ?? []), ...links].slice(0, MOST_HELD);
    return this;
  }

  /** As the SDK's span: UNSET changes nothing, and OK is final. */
  setStatus(status: SpanStatus): this {
    if (this.ended || status.code === SpanStatusCode.UNSET || this.status?.code === SpanStatusCode.OK) return this;
    this.status = status;
    return this;
  }

  updateName(name: string): this {
    if (!this.ended) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.ended) return;
    this.ended = true;
    this.endTime = endTime;
    this.endedAt = otperformance.now();
    this.local.open -= 1;
    this.recorder.pendingSpanEnded(this);
  }

  isRecording(): boolean {
    return !this.ended;
  }

  /** True when the span ended with status ERROR. */
  get failed(): boolean {
    return this.status?.code === SpanStatusCode.ERROR;
  }

  private hold(name: string, attributes: Attributes | undefined, exception: Exception | undefined, time: TimeInput | undefined): void {
    if (this.ended) return;
    const events = (this.events ??= []);
    // The SDK keeps the latest events when there are too many.
    if (events.length >= MOST_HELD) events.shift();
    events.push({ name, attributes, exception, time, at: otperformance.now() });
  }
}
