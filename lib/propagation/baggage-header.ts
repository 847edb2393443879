import { trimOptionalWhitespace } from './optional-whitespace';

/** OpenTelemetry's limits, above the W3C Baggage minimum (64 members, 8192 bytes; §3.3.3 "Limits"). */
export const MAX_BAGGAGE_MEMBERS = 180;
export const MAX_BAGGAGE_BYTES = 8192;

// Baggage §3.3.1: `key = token` (RFC 7230 §3.2.6) and `value = *baggage-octet`.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAGGAGE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

export interface BaggageMember {
  key: string;
  /** The value, percent-decoded. */
  value: string;
  /** What followed the value (`;`-separated properties), as received. */
  properties?: string;
}

/**
 * Percent-decodes a value as Baggage §3.3.1.3 asks: octet sequences that are not UTF-8 become
 * U+FFFD instead of failing (`decodeURIComponent` throws, and OpenTelemetry then drops the member).
 */
export function percentDecode(value: string): string {
  if (!PERCENT_ESCAPE.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return decodeLeniently(value);
  }
}

/** The slow path: byte by byte, a lone `%` kept, bytes that are not UTF-8 as U+FFFD. */
function decodeLeniently(value: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const escaped = value[index] === '%' ? value.slice(index + 1, index + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(escaped)) {
      bytes.push(parseInt(escaped, 16));
      index += 2;
    } else {
      bytes.push(value.charCodeAt(index));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parseMember(raw: string): BaggageMember | undefined {
  const member = trimOptionalWhitespace(raw);
  const semicolon = member.indexOf(';');
  const pair = semicolon === -1 ? member : member.slice(0, semicolon);
  const equals = pair.indexOf('=');
  if (equals === -1) return undefined;
  const key = trimOptionalWhitespace(pair.slice(0, equals));
  const value = trimOptionalWhitespace(pair.slice(equals + 1));
  if (!TOKEN.test(key) || !BAGGAGE_OCTETS.test(value)) return undefined;
  const properties = semicolon === -1 ? undefined : trimOptionalWhitespace(member.slice(semicolon + 1));
  return { key, value: percentDecode(value), ...(properties ? { properties } : {}) };
}

/**
 * Parses `baggage` header values (several headers are one list). A member that breaks the
 * grammar (a key that is not a token, a space or a quote in the value, no `=`) is skipped and
 * the others are kept; an empty value is a value (`value = *baggage-octet`). Whole members
 * only, up to the limits.
 */
export function parseBaggageHeader(header: string | readonly string[] | undefined): BaggageMember[] {
  if (header === undefined) return [];
  const values = typeof header === 'string' ? [header] : header;
  const members: BaggageMember[] = [];
  let bytes = 0;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const raw of value.split(',')) {
      const member = parseMember(raw);
      if (!member) continue;
      bytes += raw.length + (members.length > 0 ? 1 : 0);
      if (bytes > MAX_BAGGAGE_BYTES || members.length >= MAX_BAGGAGE_MEMBERS) return members;
      members.push(member);
    }
  }
  return members;
}
