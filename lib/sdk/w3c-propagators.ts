import {
  baggageEntryMetadataFromString,
  BaggageEntry,
  Context,
  createContextKey,
  propagation,
  SpanContext,
  TextMapGetter,
  TextMapSetter,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import {
  CompositePropagator,
  parseTraceParent,
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { parseBaggageHeader } from '../propagation/baggage-header';
import { trimOptionalWhitespace } from '../propagation/optional-whitespace';
import { parseTraceStateHeader } from '../propagation/tracestate-header';
import { W3CTraceState } from '../propagation/w3c-trace-state';

/** Trace Context level 2 §3.2.2.5.2: the right-most 7 bytes of the trace id are random. */
export const RANDOM_TRACE_ID_FLAG = 0x02;
/** The flags this version defines; the others MUST be sent as zero (§3.2.2.5.3). */
const KNOWN_FLAGS = TraceFlags.SAMPLED | RANDOM_TRACE_ID_FLAG;

/** The trace this context continues, and whether its id was declared random. */
interface ContinuedTrace {
  traceId: string;
  random: boolean;
}
const CONTINUED_TRACE = createContextKey('nestjs-tracing.w3c-continued-trace');

/**
 * One `traceparent` value with its optional whitespace (spaces and tabs, RFC 9110 §5.6.3)
 * removed; undefined for several values, or for a value with other whitespace at an end
 * (OpenTelemetry's parser allows any `\s`, a no-break space included).
 */
function singleTraceparent(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header;
  if (typeof value !== 'string') return undefined;
  const trimmed = trimOptionalWhitespace(value);
  return /^\s|\s$/.test(trimmed) ? undefined : trimmed;
}

/**
 * OpenTelemetry's W3C Trace Context propagator, completed to level 2:
 * - the `random` trace flag (0x02) is kept on every outgoing `traceparent` of a trace that came
 *   with it, and set on traces started here when their ids are random (ours are);
 * - `tracestate` follows the level-2 grammar (vendor keys with `@`), and a header with an invalid
 *   member or more than 32 members is discarded as a whole;
 * - only spaces and tabs are optional whitespace around `traceparent`.
 * Parsing the `traceparent` itself and writing the headers stay OpenTelemetry's.
 */
export class W3CTraceContextLevel2Propagator extends W3CTraceContextPropagator {
  /** @param localTraceIdsAreRandom true when the provider that starts traces here generates random ids */
  constructor(private readonly localTraceIdsAreRandom: boolean) {
    super();
  }

  override extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const traceparent = singleTraceparent(getter.get(carrier, TRACE_PARENT_HEADER));
    const parsed = traceparent === undefined ? null : parseTraceParent(traceparent);
    if (!parsed) return context;
    const traceFlags = parsed.traceFlags & KNOWN_FLAGS;
    const entries = parseTraceStateHeader(getter.get(carrier, TRACE_STATE_HEADER));
    const spanContext: SpanContext = {
      ...parsed,
      traceFlags,
      isRemote: true,
      traceState: entries && entries.length > 0 ? new W3CTraceState(entries) : undefined,
    };
    const withParent = trace.setSpanContext(context, spanContext);
    const random = (traceFlags & RANDOM_TRACE_ID_FLAG) !== 0;
    // Remembered only where it differs from what a trace started here would say.
    if (random === this.localTraceIdsAreRandom) return withParent;
    const continued: ContinuedTrace = { traceId: parsed.traceId, random };
    return withParent.setValue(CONTINUED_TRACE, continued);
  }

  override inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (spanContext) {
      const traceFlags = (spanContext.traceFlags & TraceFlags.SAMPLED) | (this.isRandom(context, spanContext) ? RANDOM_TRACE_ID_FLAG : 0);
      if (traceFlags !== spanContext.traceFlags) context = trace.setSpanContext(context, { ...spanContext, traceFlags });
    }
    super.inject(context, carrier, setter);
  }

  private isRandom(context: Context, spanContext: SpanContext): boolean {
    const continued = context.getValue(CONTINUED_TRACE) as ContinuedTrace | undefined;
    if (continued?.traceId === spanContext.traceId) return continued.random;
    if (spanContext.isRemote) return (spanContext.traceFlags & RANDOM_TRACE_ID_FLAG) !== 0;
    return this.localTraceIdsAreRandom;
  }
}

/**
 * OpenTelemetry's W3C Baggage propagator, reading per the Baggage spec: an empty value is kept,
 * a malformed percent escape becomes U+FFFD instead of dropping the member, and a member whose
 * key is not a token or whose value has characters outside `baggage-octet` is skipped. Writing
 * stays OpenTelemetry's.
 */
export class W3CBaggageSpecPropagator extends W3CBaggagePropagator {
  override extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const members = parseBaggageHeader(getter.get(carrier, 'baggage'));
    if (members.length === 0) return context;
    const entries: Record<string, BaggageEntry> = {};
    for (const { key, value, properties } of members) {
      entries[key] = properties ? { value, metadata: baggageEntryMetadataFromString(properties) } : { value };
    }
    return propagation.setBaggage(context, propagation.createBaggage(entries));
  }
}

/** Trace Context level 2 and Baggage, as the module installs them. */
export function w3cPropagator(localTraceIdsAreRandom: boolean): CompositePropagator {
  return new CompositePropagator({
    propagators: [new W3CTraceContextLevel2Propagator(localTraceIdsAreRandom), new W3CBaggageSpecPropagator()],
  });
}
