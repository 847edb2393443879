import { RANDOM_RANGE, traceIdFraction } from './trace-id-fraction';

describe('traceIdFraction', () => {
  it.each([
    ['00000000000000000000000000000000', 0],
    ['fffffffffffffffffff0000000000000', 0],
    ['0000000000000000000fffffffffffff', (2 ** 52 - 1) / 2 ** 52],
    ['00000000000000000008000000000000', 0.5],
    ['00000000000000000004000000000000', 0.25],
    ['4bf92f3577b34da6a3ce929d0e0e4736', 0xe929d0e0e4736 / 2 ** 52],
  ])('reads the last 13 hex digits of %s as %p', (traceId, fraction) => {
    expect(traceIdFraction(traceId)).toBe(fraction);
  });

  it('never reaches 1, so a probability of 1 keeps every trace and 0 none', () => {
    expect(traceIdFraction('7fffffffffffffffffffffffffffffff')).toBeLessThan(1);
    expect(traceIdFraction('7fffffffffffffffffffffffffffffff')).toBe((RANDOM_RANGE - 1) / RANDOM_RANGE);
    expect(RANDOM_RANGE).toBe(2 ** 52);
  });
});
