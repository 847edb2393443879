import { SeededRandom } from './seeded-random';

/**
 * What a server must do with a case's headers, known by construction (not by asking the code
 * under test): continue the caller's trace (sampled or not), or start a new one.
 */
export type Expected = 'continue-sampled' | 'continue-unsampled' | 'new-trace';

export interface PropagationCase {
  id: string;
  headers: Record<string, string>;
  expected: Expected;
  /** The caller's ids, when the case carries a valid traceparent. */
  traceId?: string;
  parentId?: string;
  /** Whether the caller declared its trace id random (level 2), for a continued trace. */
  random?: boolean;
  /** What was done to the headers, to read a failure. */
  description: string;
}

/** Printable ASCII: what gRPC Metadata text values may hold. */
export const PRINTABLE_ASCII = Array.from({ length: 95 }, (_, index) => String.fromCharCode(0x20 + index)).join('');
/** What an HTTP/1.1 header value may hold as Node sends it: HTAB, printable ASCII and 0x80-0xff (a no-break space among them). */
export const HTTP_HEADER_ALPHABET = '\t' + PRINTABLE_ASCII + Array.from({ length: 128 }, (_, index) => String.fromCharCode(0x80 + index)).join('');

const NOT_HEX_OR_DASH = (alphabet: string) => [...alphabet].filter((char) => !/[0-9a-f-]/.test(char)).join('');

interface Traceparent {
  value: string;
  traceId: string;
  parentId: string;
  flags: number;
}

function validTraceparent(random: SeededRandom, version = '00'): Traceparent {
  const traceId = random.hexId(32);
  const parentId = random.hexId(16);
  const flags = random.int(256);
  const value = `${version}-${traceId}-${parentId}-${flags.toString(16).padStart(2, '0')}`;
  return { value, traceId, parentId, flags };
}

/** Ways to break a version-00 traceparent, each certainly invalid (Trace Context §3.2). */
const BREAKERS: [string, (value: string, random: SeededRandom, alphabet: string) => string][] = [
  ['version ff', (value) => `ff${value.slice(2)}`],
  ['version 00 with a fifth field', (value, random) => `${value}-${random.string('0123456789abcdef', 1 + random.int(8))}`],
  ['all-zero trace-id', (value) => `${value.slice(0, 3)}${'0'.repeat(32)}${value.slice(35)}`],
  ['all-zero parent-id', (value) => `${value.slice(0, 36)}${'0'.repeat(16)}${value.slice(52)}`],
  ['a character removed', (value, random) => removeAt(value, random.int(value.length))],
  ['a hex digit inserted', (value, random) => insertAt(value, random.int(value.length + 1), random.pick([...'0123456789abcdef']))],
  ['a character replaced by a non-hex one', (value, random, alphabet) => replaceAt(value, random.int(value.length), random.pick([...NOT_HEX_OR_DASH(alphabet)]))],
  ['upper-case hex', (value, random) => replaceAt(value, 3 + random.int(32), random.pick([...'ABCDEF']))],
  ['empty', () => ''],
  ['garbage without dashes', (_, random, alphabet) => random.string(alphabet.replace('-', ''), random.int(80))],
];

function removeAt(value: string, index: number): string {
  return value.slice(0, index) + value.slice(index + 1);
}
function insertAt(value: string, index: number, char: string): string {
  return value.slice(0, index) + char + value.slice(index);
}
function replaceAt(value: string, index: number, char: string): string {
  return value.slice(0, index) + char + value.slice(index + 1);
}

/** A tracestate or baggage value: absent, well-formed, or anything the transport can carry. */
function listHeader(random: SeededRandom, alphabet: string, maxLength: number): string | undefined {
  const roll = random.next();
  if (roll < 0.3) return undefined;
  if (roll < 0.6) {
    return Array.from({ length: 1 + random.int(40) }, () => `${random.string('abcdefghij@_-*/', 1 + random.int(12))}=${random.string('abcdefghij0123456789%', 1 + random.int(20))}`).join(random.pick([',', ' , ', ',\t'].filter((separator) => [...separator].every((char) => alphabet.includes(char)))));
  }
  return random.string(alphabet, random.int(maxLength));
}

export interface CaseOptions {
  /** Characters this transport can carry in a header value. */
  alphabet: string;
  /** Longest tracestate / baggage value generated. @default 600 */
  maxListLength?: number;
  /**
   * Whether a value may start or end with whitespace. HTTP/1.1 carries it (the server trims
   * it); HTTP/2, so gRPC, drops such a field (RFC 9113 §8.2.1), so a padded traceparent
   * would not arrive at all. @default true
   */
  edgeWhitespace?: boolean;
}

/** The `index`-th case of a run: a valid, broken or missing traceparent, with any tracestate and baggage. */
export function propagationCase(random: SeededRandom, index: number, options: CaseOptions): PropagationCase {
  const { alphabet, maxListLength = 600, edgeWhitespace = true } = options;
  const headers: Record<string, string> = {};
  const tracestate = listHeader(random, alphabet, maxListLength);
  const baggage = listHeader(random, alphabet, maxListLength);
  if (tracestate !== undefined) headers.tracestate = tracestate;
  if (baggage !== undefined) headers.baggage = baggage;
  const id = `case-${index}`;
  const roll = random.next();
  if (roll < 0.1) return { id, headers, expected: 'new-trace', description: 'no traceparent' };
  if (roll < 0.5) {
    const future = random.chance(0.2);
    const parent = validTraceparent(random, future ? random.pick(['01', 'cc', 'fe']) : '00');
    const extra = future && random.chance(0.5) ? `-${random.string('abcdefghij0123456789-', random.int(20))}` : '';
    const whitespace = [' ', '\t'].filter((char) => alphabet.includes(char)).join('');
    const ows = () => (edgeWhitespace ? random.string(whitespace, random.int(3)) : '');
    headers.traceparent = `${ows()}${parent.value}${extra}${ows()}`;
    return {
      id,
      headers,
      expected: parent.flags & 1 ? 'continue-sampled' : 'continue-unsampled',
      traceId: parent.traceId,
      parentId: parent.parentId,
      random: (parent.flags & 2) !== 0,
      description: `valid traceparent ${JSON.stringify(headers.traceparent)}`,
    };
  }
  const [breaker, breakIt] = random.pick(BREAKERS);
  const parent = validTraceparent(random);
  headers.traceparent = breakIt(parent.value, random, alphabet);
  // Only OWS may surround it: anything else next to a broken value cannot repair it.
  return { id, headers, expected: 'new-trace', traceId: parent.traceId, description: `${breaker}: ${JSON.stringify(headers.traceparent)}` };
}
