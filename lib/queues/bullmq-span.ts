import { Attributes, Context, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/** BullMQ's attribute of a completed job's return value: personal data, never recorded. */
const JOB_RESULT = 'bullmq.job.result';
const JOB_FAILED_REASON = 'bullmq.job.failed.reason';

/** Values BullMQ hands over; `undefined` entries are left out, as the OpenTelemetry API would. */
type BullAttributes = Record<string, unknown>;

function withoutResult(attributes: BullAttributes | undefined): Attributes | undefined {
  if (!attributes || !(JOB_RESULT in attributes)) return attributes as Attributes | undefined;
  const { [JOB_RESULT]: _dropped, ...rest } = attributes;
  return rest as Attributes;
}

/**
 * The span BullMQ's telemetry interface works with, over an OpenTelemetry span (or none, for the
 * operations not traced). A job that failed (BullMQ adds a `job failed` event, it does not set a
 * status) is marked ERROR with its reason; a job's return value is dropped.
 */
export class BullMqSpan {
  constructor(private readonly span: Span | undefined) {}

  setSpanOnContext(ctx: Context): Context {
    return this.span ? trace.setSpan(ctx, this.span) : ctx;
  }

  setAttribute(key: string, value: unknown): void {
    if (key !== JOB_RESULT && value !== undefined) this.span?.setAttribute(key, value as never);
  }

  setAttributes(attributes: BullAttributes): void {
    this.span?.setAttributes(withoutResult(attributes) ?? {});
  }

  addEvent(name: string, attributes?: BullAttributes): void {
    if (!this.span) return;
    this.span.addEvent(name, withoutResult(attributes));
    if (name === 'job failed') {
      const reason = attributes?.[JOB_FAILED_REASON];
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: typeof reason === 'string' ? reason : undefined });
      this.span.setAttribute(ATTR_ERROR_TYPE, '_OTHER');
    }
  }

  recordException(exception: unknown, time?: number): void {
    if (!this.span) return;
    this.span.recordException(typeof exception === 'string' ? exception : (exception as Error), time);
  }

  end(): void {
    this.span?.end();
  }
}
