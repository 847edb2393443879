import { traceIdFraction, traceIdWithin } from './trace-id-fraction';

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
    const highest = '7fffffffffffffffffffffffffffffff';
    expect(traceIdFraction(highest)).toBeLessThan(1);
    expect(traceIdWithin(highest, 1)).toBe(true);
    expect(traceIdWithin('00000000000000000000000000000000', 0)).toBe(false);
  });

  it.each([
    ['00000000000000000004000000000000', 0.25, false],
    ['00000000000000000003ffffffffffff', 0.25, true],
    ['00000000000000000008000000000000', 0.5, false],
    ['00000000000000000000000000000001', 0.5, true],
    ['00000000000000000008000000000000', NaN, false],
    ['00000000000000000008000000000000', -1, false],
    ['00000000000000000008000000000000', Infinity, true],
  ])('%s is within %p: %p (the boundary itself is out)', (traceId, probability, within) => {
    expect(traceIdWithin(traceId, probability)).toBe(within);
  });
});
