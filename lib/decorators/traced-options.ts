import type { Attributes, SpanKind } from '@opentelemetry/api';

/** Options of `@Traced()`. */
export interface TracedOptions {
  /** Span name. @default `ClassName.methodName` */
  name?: string;
  /** Span kind; `SpanKind.CLIENT` for calls that leave the process (a database). @default INTERNAL */
  kind?: SpanKind;
  /** Attributes set on every span of this method. @default none */
  attributes?: Attributes;
  /**
   * Builds attributes from the call's arguments. Runs only when the span is recorded; if it
   * throws, the call goes on and the problem is reported once through the diag logger.
   */
  attributesFromArgs?: (...args: any[]) => Record<string, unknown> | undefined;
}
