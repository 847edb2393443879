import type { Span, SpanContext } from '@opentelemetry/api';
import { TraceFlags } from '@opentelemetry/api';
import { RANDOM_DIGITS } from './trace-id-fraction';

/** Makes ids; the SDK's generator in practice. */
export interface TraceIds {
  generateTraceId(): string;
  generateSpanId(): string;
}

/** `traceId` with its last 13 hex digits replaced by `randomPart` (an integer below 2^52). */
export function withRandomPart(traceId: string, randomPart: number): string {
  return traceId.slice(0, -RANDOM_DIGITS) + randomPart.toString(16).padStart(RANDOM_DIGITS, '0');
}

/**
 * The span of a new trace the head sampler dropped, like the API's non-recording span, except
 * that its ids are made only when something reads them (a call sent downstream, a log line
 * with the trace id): most unsampled requests never do. The trace id ends with the random part
 * the decision was made on, so it reads as dropped to any sampler of the same ratio.
 */
export class UnsampledRootSpan implements Span {
  private context: SpanContext | undefined = undefined;

  constructor(
    private readonly ids: TraceIds,
    private readonly randomPart: number,
  ) {}

  spanContext(): SpanContext {
    return (this.context ??= {
      traceId: withRandomPart(this.ids.generateTraceId(), this.randomPart),
      spanId: this.ids.generateSpanId(),
      traceFlags: TraceFlags.NONE,
    });
  }

  setAttribute(): this {
    return this;
  }

  setAttributes(): this {
    return this;
  }

  addEvent(): this {
    return this;
  }

  addLink(): this {
    return this;
  }

  addLinks(): this {
    return this;
  }

  setStatus(): this {
    return this;
  }

  updateName(): this {
    return this;
  }

  end(): void {}

  isRecording(): boolean {
    return false;
  }

  recordException(): void {}
}
