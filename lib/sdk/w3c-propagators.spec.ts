import { Context, propagation, ROOT_CONTEXT, SpanContext, TextMapGetter, trace, TraceFlags } from '@opentelemetry/api';
import { W3CBaggageSpecPropagator, W3CTraceContextLevel2Propagator } from './w3c-propagators';

/**
 * The W3C Trace Context (level 2) and Baggage requirements, case by case, in our own words; each
 * block names the section of the spec it checks. The official suite exercises the same rules
 * over HTTP (`npm run w3c`); these run without it.
 */

type Headers = Record<string, string | string[]>;
const getter: TextMapGetter<Headers> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const PARENT_ID = 'b7ad6b7169203331';
const VALID = `00-${TRACE_ID}-${PARENT_ID}-01`;

const traceContext = new W3CTraceContextLevel2Propagator(true);

function extract(headers: Headers): SpanContext | undefined {
  return trace.getSpanContext(traceContext.extract(ROOT_CONTEXT, headers, getter));
}

function tracestateOf(headers: Headers): string | undefined {
  return extract({ traceparent: VALID, ...headers })?.traceState?.serialize();
}

/** What goes out from a local child span of the extracted context (a new span id, same trace). */
function forward(headers: Headers, childFlags = TraceFlags.SAMPLED): Record<string, string> {
  const parent = traceContext.extract(ROOT_CONTEXT, headers, getter);
  const remote = trace.getSpanContext(parent);
  const child: SpanContext = {
    traceId: remote?.traceId ?? 'f'.repeat(32),
    spanId: '1'.repeat(16),
    traceFlags: childFlags,
    traceState: remote?.traceState,
  };
  const out: Record<string, string> = {};
  traceContext.inject(trace.setSpanContext(parent, child), out, { set: (carrier, key, value) => (carrier[key] = value) });
  return out;
}

describe('Trace Context §3.2 traceparent', () => {
  it.each([
    ['the version-00 form', VALID],
    ['a future version with more fields (§3.2.4 "Versioning of traceparent")', `cc-${TRACE_ID}-${PARENT_ID}-01-future-fields`],
    ['a future version without more fields', `cc-${TRACE_ID}-${PARENT_ID}-01`],
    ['spaces and tabs around it (OWS, RFC 9110 §5.6.3)', ` \t${VALID}\t `],
  ])('continues the trace of %s', (_, value) => {
    expect(extract({ traceparent: value })).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_ID, isRemote: true });
  });

  it.each([
    ['version ff, which is forbidden (§3.2.2.1)', `ff-${TRACE_ID}-${PARENT_ID}-01`],
    ['version 00 with trailing fields (§3.2.4)', `00-${TRACE_ID}-${PARENT_ID}-01-extra`],
    ['version 00 with a trailing character', `${VALID}.`],
    ['a future version whose flags are not followed by a dash', `cc-${TRACE_ID}-${PARENT_ID}-01.extra`],
    ['a one-digit version', `0-${TRACE_ID}-${PARENT_ID}-01`],
    ['a three-digit version', `000-${TRACE_ID}-${PARENT_ID}-01`],
    ['a non-hex version', `.0-${TRACE_ID}-${PARENT_ID}-01`],
    ['an all-zero trace-id (§3.2.2.3)', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
    ['an upper-case trace-id (HEXDIGLC)', `00-${TRACE_ID.toUpperCase()}-${PARENT_ID}-01`],
    ['a trace-id of 31 digits', `00-${TRACE_ID.slice(1)}-${PARENT_ID}-01`],
    ['a trace-id of 33 digits', `00-${TRACE_ID}0-${PARENT_ID}-01`],
    ['a non-hex trace-id', `00-${TRACE_ID.slice(1)}.-${PARENT_ID}-01`],
    ['an all-zero parent-id (§3.2.2.4)', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['a parent-id of 15 digits', `00-${TRACE_ID}-${PARENT_ID.slice(1)}-01`],
    ['a parent-id of 17 digits', `00-${TRACE_ID}-${PARENT_ID}0-01`],
    ['one-digit flags (§3.2.2.5)', `00-${TRACE_ID}-${PARENT_ID}-1`],
    ['three-digit flags', `00-${TRACE_ID}-${PARENT_ID}-001`],
    ['non-hex flags', `00-${TRACE_ID}-${PARENT_ID}-0.`],
    ['a no-break space (0xa0) before it: only SP and HTAB are OWS', `\u00a0${VALID}`],
    ['a no-break space after it', `${VALID}\u00a0`],
    ['a line feed after it', `${VALID}\n`],
    ['an empty value', ''],
  ])('starts a new trace on %s', (_, value) => {
    expect(extract({ traceparent: value })).toBeUndefined();
  });

  it('starts a new trace when two traceparent values arrive (gRPC Metadata keeps both)', () => {
    expect(extract({ traceparent: [VALID, `00-${'1'.repeat(32)}-${PARENT_ID}-01`] })).toBeUndefined();
  });

  it('keeps the sampled flag (§3.2.2.5.1) and writes version 00 with lower-case hex', () => {
    expect(extract({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` })?.traceFlags).toBe(TraceFlags.NONE);
    expect(forward({ traceparent: `cc-${TRACE_ID}-${PARENT_ID}-01-x` }).traceparent).toBe(`00-${TRACE_ID}-${'1'.repeat(16)}-01`);
  });

  it('sends the flags it does not know as zero (§3.2.2.5.3 "Other Flags")', () => {
    expect(extract({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-ff` })?.traceFlags).toBe(0x03);
    expect(forward({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-fd` }, TraceFlags.SAMPLED | 0x04).traceparent).toMatch(/-01$/);
  });
});

describe('Trace Context level 2 §3.2.2.5.2 random trace-id flag', () => {
  it('sets it on every outgoing traceparent of a trace that came with it', () => {
    expect(forward({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-02` }, TraceFlags.NONE).traceparent).toMatch(/-02$/);
    expect(forward({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-03` }).traceparent).toMatch(/-03$/);
  });

  it('leaves it unset on a continued trace that came without it', () => {
    expect(forward({ traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` }).traceparent).toMatch(/-01$/);
  });

  it('sets it on a trace started here when the provider generates random ids, and only then', () => {
    expect(forward({}).traceparent).toMatch(/-03$/);
    const out: Record<string, string> = {};
    const local: SpanContext = { traceId: TRACE_ID, spanId: PARENT_ID, traceFlags: TraceFlags.SAMPLED };
    new W3CTraceContextLevel2Propagator(false).inject(trace.setSpanContext(ROOT_CONTEXT, local), out, {
      set: (carrier, key, value) => (carrier[key] = value),
    });
    expect(out.traceparent).toMatch(/-01$/);
  });

  it('treats a root span started inside a continued trace as a trace started here', () => {
    const continued = traceContext.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00` }, getter);
    const newRoot: SpanContext = { traceId: 'a'.repeat(32), spanId: PARENT_ID, traceFlags: TraceFlags.SAMPLED };
    const out: Record<string, string> = {};
    traceContext.inject(trace.setSpanContext(continued, newRoot), out, { set: (carrier, key, value) => (carrier[key] = value) });
    expect(out.traceparent).toBe(`00-${'a'.repeat(32)}-${PARENT_ID}-03`);
  });
});

describe('Trace Context §3.3 tracestate', () => {
  it('is discarded without a valid traceparent (§4.2 processing model)', () => {
    expect(extract({ tracestate: 'foo=1' })).toBeUndefined();
    expect(extract({ traceparent: `ff-${TRACE_ID}-${PARENT_ID}-01`, tracestate: 'foo=1' })).toBeUndefined();
  });

  it('passes on the members in their order, several headers making one list (§3.3.1)', () => {
    expect(tracestateOf({ tracestate: ['foo=1,bar=2', 'rojo=1,congo=2', 'baz=3'] })).toBe('foo=1,bar=2,rojo=1,congo=2,baz=3');
  });

  it('ignores spaces and tabs around members and empty members', () => {
    expect(tracestateOf({ tracestate: 'foo=1 \t , \t bar=2,,\tbaz=3\t' })).toBe('foo=1,bar=2,baz=3');
    expect(tracestateOf({ tracestate: ['', 'foo=1'] })).toBe('foo=1');
  });

  it('sends no tracestate when the received one was empty', () => {
    expect(tracestateOf({ tracestate: '' })).toBeUndefined();
    expect(forward({ traceparent: VALID, tracestate: '' }).tracestate).toBeUndefined();
  });

  it.each([
    ['a key of every allowed character', 'abcdefghijklmnopqrstuvwxyz0123456789_-*/=v'],
    ['a key starting with a digit', '1foo=v'],
    ['a vendor key tenant@vendor', 'tenant@vendor=v'],
    ['a key ending in @ (level 2 key grammar)', 'foo@=1'],
    ['a key with @@', 'foo@@bar=1'],
    ['a key with two @', 'foo@bar@baz=1'],
    ['a vendor part longer than 13 characters', `t@${'v'.repeat(15)}=1`],
    ['a key of 256 characters', `${'z'.repeat(256)}=1`],
    ['a value of every allowed character', `foo=${String.fromCharCode(...range(0x20, 0x2b), ...range(0x2d, 0x3c), ...range(0x3e, 0x7e))}`],
    ['a value with leading spaces', 'foo=  1'],
    ['32 members', members(32)],
  ])('keeps %s (§3.3.1.3)', (_, value) => {
    expect(tracestateOf({ tracestate: value })).toBe(value);
  });

  it.each([
    ['a key of 257 characters', `foo=1,${'z'.repeat(257)}=1`],
    ['a key starting with @', '@foo=1,bar=2'],
    ['a key with an upper-case letter', 'FOO=1,bar=2'],
    ['a key with a dot', 'foo.bar=1,bar=2'],
    ['a space inside a key', 'foo =1,bar=2'],
    ['an empty value', 'foo=,bar=3'],
    ['a value with =', 'foo=bar=baz'],
    ['a value of 257 characters', `foo=${'v'.repeat(257)}`],
    ['a value with a non-ASCII character', 'foo=caf\u00e9,bar=2'],
    ['a member without =', 'foo,bar=2'],
    ['33 members', members(33)],
  ])('discards the whole header on %s (§3.3.1.1, §3.3.1.3)', (_, value) => {
    expect(tracestateOf({ tracestate: value })).toBeUndefined();
  });

  it('counts the members of all headers together against the limit of 32', () => {
    expect(tracestateOf({ tracestate: [members(30), 'x1=1,x2=2,x3=3'] })).toBeUndefined();
  });

  it('keeps one member of a duplicated key (§3.5: duplicates may be dropped)', () => {
    expect(tracestateOf({ tracestate: ['foo=1', 'foo=2'] })).toBe('foo=1');
  });

  it('goes out unchanged with the caller trace, and a vendor update moves to the front (§3.5)', () => {
    expect(forward({ traceparent: VALID, tracestate: 'foo@=1,bar=2' }).tracestate).toBe('foo@=1,bar=2');
    const state = extract({ traceparent: VALID, tracestate: 'foo@=1,bar=2' })!.traceState!;
    expect(state.set('bar', '3').serialize()).toBe('bar=3,foo@=1');
    expect(state.set('Bad', '3').serialize()).toBe('foo@=1,bar=2');
    expect(state.unset('foo@').serialize()).toBe('bar=2');
    expect(state.get('foo@')).toBe('1');
  });
});

describe('W3C Baggage §3 header format', () => {
  const baggage = new W3CBaggageSpecPropagator();
  function entries(header: string | string[]): Record<string, { value: string; metadata?: string }> {
    const context: Context = baggage.extract(ROOT_CONTEXT, { baggage: header }, getter);
    const result: Record<string, { value: string; metadata?: string }> = {};
    for (const [key, entry] of propagation.getBaggage(context)?.getAllEntries() ?? []) {
      result[key] = { value: entry.value, ...(entry.metadata ? { metadata: entry.metadata.toString() } : {}) };
    }
    return result;
  }

  it('reads members, with spaces and tabs around keys, values and commas (§3.3.1, OWS)', () => {
    expect(entries('userId = alice ,\tserverNode=DF%2028')).toEqual({ userId: { value: 'alice' }, serverNode: { value: 'DF 28' } });
  });

  it('joins several baggage headers into one list', () => {
    expect(entries(['userId=alice', 'isProduction=false'])).toEqual({ userId: { value: 'alice' }, isProduction: { value: 'false' } });
  });

  it('percent-decodes values as UTF-8 (§3.3.1.3)', () => {
    expect(entries('name=Am%C3%A9lie')).toEqual({ name: { value: 'Amélie' } });
  });

  it('replaces a percent-encoded sequence that is not UTF-8 by U+FFFD and keeps the member', () => {
    expect(entries('bad=%E0%A4%A,good=1')).toEqual({ bad: { value: '\ufffd%A' }, good: { value: '1' } });
  });

  it('keeps an empty value (value = *baggage-octet)', () => {
    expect(entries('empty=,other=1')).toEqual({ empty: { value: '' }, other: { value: '1' } });
  });

  it('keeps properties with their member (§3.3.1.4)', () => {
    expect(entries('key1=value1;property1;p2=v2,key2=value2')).toEqual({
      key1: { value: 'value1', metadata: 'property1;p2=v2' },
      key2: { value: 'value2' },
    });
  });

  it.each([
    ['a key that is not a token', 'bad key=1,ok=2'],
    ['a space inside a value', 'bad=a b,ok=2'],
    ['a double quote in a value', 'bad="x",ok=2'],
    ['a member without =', 'bad,ok=2'],
  ])('skips %s and keeps the other members', (_, header) => {
    expect(entries(header)).toEqual({ ok: { value: '2' } });
  });

  it('propagates at least 64 members and 8192 bytes (§3.3.3 "Limits"), whole members only', () => {
    const many = Array.from({ length: 64 }, (_, index) => `k${index}=${'v'.repeat(120)}`).join(',');
    expect(Object.keys(entries(many))).toHaveLength(64);
    const tooBig = Array.from({ length: 200 }, (_, index) => `k${index}=${'v'.repeat(60)}`).join(',');
    const kept = entries(tooBig);
    expect(Object.keys(kept).length).toBeLessThan(200);
    expect(Object.values(kept).every((entry) => entry.value.length === 60)).toBe(true);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

function members(count: number): string {
  return Array.from({ length: count }, (_, index) => `bar${String(index + 1).padStart(2, '0')}=${index + 1}`).join(',');
}
