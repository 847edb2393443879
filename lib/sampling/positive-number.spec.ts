import { TracingConfigurationError } from '../sdk/configuration-error';
import { parsePositive, validatePositive } from './positive-number';

describe('validatePositive and parsePositive', () => {
  it.each([Number.MIN_VALUE, 0.5, 1, 20, 1e9])('accepts %p', (value) => {
    expect(validatePositive(value, 'x', 'unit')).toBe(value);
    expect(parsePositive(String(value), 'X', 'unit')).toBe(value);
  });

  it.each([0, -0, -1, NaN, Infinity, -Infinity, '1', null, undefined])('rejects %p', (value) => {
    expect(() => validatePositive(value, 'sampler.x', 'things per second')).toThrow(TracingConfigurationError);
    expect(() => validatePositive(value, 'sampler.x', 'things per second')).toThrow(
      `sampler.x must be a number above 0 (things per second), got ${String(value)}`,
    );
  });

  it.each([
    ['', 'got 0'],
    ['abc', 'got "abc"'],
    ['-2', 'got -2'],
    ['1e999', 'got Infinity'],
  ])('rejects the text %p', (raw, shown) => {
    expect(() => parsePositive(raw, 'ENV_X', 'unit')).toThrow(`ENV_X must be a number above 0 (unit), ${shown}`);
  });
});
