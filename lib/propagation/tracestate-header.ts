import { trimOptionalWhitespace } from './optional-whitespace';

/** At most 32 list members (Trace Context §3.3.1 "list"). */
export const MAX_TRACESTATE_MEMBERS = 32;

// Trace Context level 2 §3.3.1.3.1 "Key": a lower-case letter or digit, then up to 255 of
// a-z 0-9 _ - * / @ (vendor keys such as `tenant@vendor`, `foo@` or `foo@@bar` included).
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
// §3.3.1.3.2 "Value": up to 256 printable ASCII characters but `,` and `=`, not ending in a space.
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
/** A whole `key=value` member, in one match. */
const MEMBER = /^([a-z0-9][a-z0-9_\-*/@]{0,255})=([\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e])$/;

export type TraceStateEntry = readonly [key: string, value: string];

/**
 * Parses `tracestate` header values (several headers are one list, in order) into its members,
 * left to right. Returns `undefined` when the header must be discarded as a whole: a member
 * whose key or value breaks the grammar, or more than 32 members. Empty members are allowed
 * (`list-member = ... / OWS`); of duplicated keys the first is kept (§3.5 lets a vendor drop
 * duplicates). Returns an empty list when there is nothing to keep.
 */
export function parseTraceStateHeader(header: string | readonly string[] | undefined): TraceStateEntry[] | undefined {
  if (header === undefined) return [];
  const values = typeof header === 'string' ? [header] : header;
  const entries: TraceStateEntry[] = [];
  for (const value of values) {
    if (typeof value !== 'string') return undefined;
    for (const rawMember of value.split(',')) {
      const member = trimOptionalWhitespace(rawMember);
      if (member === '') continue;
      const match = MEMBER.exec(member);
      if (!match) return undefined;
      const key = match[1];
      if (entries.some((entry) => entry[0] === key)) continue;
      if (entries.push([key, match[2]]) > MAX_TRACESTATE_MEMBERS) return undefined;
    }
  }
  return entries;
}

/** True for a key the level-2 grammar accepts. */
export function isTraceStateKey(key: string): boolean {
  return KEY.test(key);
}

/** True for a value the grammar accepts. */
export function isTraceStateValue(value: string): boolean {
  return VALUE.test(value);
}
