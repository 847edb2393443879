import type { Attributes, Context, Link, Span, SpanKind, SpanOptions, Tracer } from '@opentelemetry/api';
import { contextWithSpan } from '../context/linked-context';
import { runInSpan } from '../decorators/run-in-span';
import { ERROR_OUTCOME, SpanOutcome } from '../decorators/span-outcome';
import { reportOnce } from '../diagnostics';
import { tracingRuntime } from '../tracing.runtime';

/**
 * What one kind of entry point (a gRPC call, a message, a job...) says about the work it
 * receives: where the trace continues from, what the span is called and carries, and how its
 * outcome is marked. Everything else (starting, activating and ending the span on the result,
 * whatever its shape) is `runEntryPoint`'s. Adapters may throw: the work then runs untraced.
 */
export interface EntryPoint<Input> {
  /** Names the problem in diagnostics when the adapter throws. */
  readonly name: string;
  /** The context carried by the work, or ROOT_CONTEXT; a malformed one must give ROOT_CONTEXT. */
  parent(input: Input): Context;
  spanName(input: Input): string;
  spanKind(input: Input): SpanKind;
  attributes(input: Input): Attributes;
  /** Spans this one relates to without being their child (a connection's handshake, a scheduled run still going on). */
  links?(input: Input): Link[] | undefined;
  /** @default records thrown errors as exceptions with status ERROR */
  outcome?(input: Input): SpanOutcome;
}

/** A span started for an entry point, active in `ctx`. */
export interface StartedEntry {
  span: Span;
  ctx: Context;
}

/**
 * Starts the span of one entry: a child of the context the work carries, recorded by the tracer
 * of the app that received it (`appTracer`, when apps of this process have their own).
 */
export function startEntrySpan<Input>(entry: EntryPoint<Input>, input: Input, appTracer: Tracer | undefined): StartedEntry {
  const parent = entry.parent(input);
  const options: SpanOptions = { kind: entry.spanKind(input), attributes: entry.attributes(input) };
  const links = entry.links?.(input);
  if (links !== undefined && links.length > 0) options.links = links;
  // A new trace is decided by our head sampler before the SDK is asked (see tracingRuntime).
  const span = tracingRuntime.startSpan(appTracer ?? tracingRuntime.tracer, entry.spanName(input), options, parent);
  return { span, ctx: tracingRuntime.withAppTracer(contextWithSpan(parent, span), appTracer) };
}

/**
 * Runs `fn` (the framework's handler of the entry: guards, pipes, interceptors and the user's
 * method) in the entry's span, ended when its result is done (see `runInSpan`). Tracing's own
 * failures are reported once and the work runs untraced; the work's own are recorded and kept.
 */
export function runEntryPoint<Input>(
  entry: EntryPoint<Input>,
  input: Input,
  appTracer: Tracer | undefined,
  fn: (this: unknown, ...args: any[]) => unknown,
  thisArg: unknown,
  args: unknown[],
): unknown {
  let started: StartedEntry;
  let outcome: SpanOutcome;
  try {
    outcome = entry.outcome?.(input) ?? ERROR_OUTCOME;
    started = startEntrySpan(entry, input, appTracer);
  } catch (error) {
    reportOnce(`entry-start:${entry.name}`, `starting a ${entry.name} span failed; the work runs untraced`, error);
    return Reflect.apply(fn, thisArg, args);
  }
  return runInSpan(started.span, started.ctx, fn, thisArg, args, outcome);
}
