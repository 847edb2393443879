/** Hex digits at the end of a trace id that a decision is read from. */
export const RANDOM_DIGITS = 13;
/** How many values those digits take: 2^52. */
export const RANDOM_RANGE = 2 ** (4 * RANDOM_DIGITS);

/**
 * Where a trace id falls in [0, 1), read from its last 13 hex digits (52 bits, exact in a
 * double). They lie in the 7 rightmost bytes that W3C Trace Context Level 2 declares random
 * when the `random` flag is set, and the SDK's ids are random throughout; so "fraction < p"
 * keeps a share p of traces, and every service deciding this way on one trace id agrees.
 */
export function traceIdFraction(traceId: string): number {
  return parseInt(traceId.slice(-RANDOM_DIGITS), 16) / RANDOM_RANGE;
}

