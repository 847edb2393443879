import { TracingConfigurationError } from '../sdk/configuration-error';
import type { KeepOptions } from '../tracing.options';
import { resolveKeepOptions } from './keep-options';

describe('resolveKeepOptions', () => {
  it.each([
    [undefined, undefined],
    [{}, { errors: true, slowerThanMs: undefined, maxSpans: 10_000, maxTraces: 1_000 }],
    [{ slowerThanMs: 0 }, { errors: true, slowerThanMs: 0, maxSpans: 10_000, maxTraces: 1_000 }],
    [{ errors: false, slowerThanMs: 2000 }, { errors: false, slowerThanMs: 2000, maxSpans: 10_000, maxTraces: 1_000 }],
    [{ maxSpans: 1, maxTraces: 1 }, { errors: true, slowerThanMs: undefined, maxSpans: 1, maxTraces: 1 }],
  ])('%j resolves to %j', (keep, resolved) => {
    expect(resolveKeepOptions(keep as KeepOptions | undefined)).toEqual(resolved);
  });

  it.each([
    [null, /sampler\.keep must be an object such as \{ errors: true, slowerThanMs: 2000 \}, got null/],
    [true, /sampler\.keep must be an object .* got true/],
    [{ error: true }, /sampler\.keep has unknown key\(s\) error; use errors, slowerThanMs, maxSpans, maxTraces/],
    [{ errors: 'yes' }, /sampler\.keep\.errors must be true or false, got yes/],
    [{ errors: false }, /keeps nothing with errors: false and no slowerThanMs/],
    [{ slowerThanMs: -1 }, /sampler\.keep\.slowerThanMs must be a number of milliseconds from 0, got -1/],
    [{ slowerThanMs: NaN }, /slowerThanMs .* got NaN/],
    [{ slowerThanMs: Infinity }, /slowerThanMs .* got Infinity/],
    [{ slowerThanMs: '2000' }, /slowerThanMs .* got 2000/],
    [{ maxSpans: 0 }, /sampler\.keep\.maxSpans must be a whole number of at least 1, got 0/],
    [{ maxSpans: 1.5 }, /maxSpans .* got 1\.5/],
    [{ maxSpans: -10 }, /maxSpans .* got -10/],
    [{ maxSpans: Infinity }, /maxSpans .* got Infinity/],
    [{ maxTraces: NaN }, /sampler\.keep\.maxTraces must be .* got NaN/],
    [{ maxTraces: '5' }, /maxTraces .* got 5/],
  ])('rejects %p at startup', (keep, message) => {
    expect(() => resolveKeepOptions(keep as KeepOptions)).toThrow(TracingConfigurationError);
    expect(() => resolveKeepOptions(keep as KeepOptions)).toThrow(message);
  });
});
