import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';
import { setEnv } from '../../test/support/scoped-env';
import { TracingConfigurationError } from '../sdk/configuration-error';
import { buildSampler } from './build-sampler';

let restore: () => void = () => undefined;
function env(vars: Record<string, string | undefined>): void {
  restore = setEnv({ OTEL_TRACES_SAMPLER: undefined, OTEL_TRACES_SAMPLER_ARG: undefined, ...vars });
}
afterEach(() => restore());

describe('buildSampler from code options', () => {
  it.each([
    [{}, 'ParentBased{root=TraceIdRatioBased{1}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=AlwaysOffSampler', true],
    [{ ratio: 1 }, 'ParentBased{root=TraceIdRatioBased{1}', true],
    [{ ratio: 0 }, 'ParentBased{root=TraceIdRatioBased{0}', true],
    [{ ratio: -0 }, 'ParentBased{root=TraceIdRatioBased{0}', true],
    [{ ratio: 0.25 }, 'ParentBased{root=TraceIdRatioBased{0.25}', true],
    [
      { ratio: 0.25, parentBased: false },
      'ParentBased{root=TraceIdRatioBased{0.25}, remoteParentSampled=TraceIdRatioBased{0.25}, remoteParentNotSampled=TraceIdRatioBased{0.25}',
      false,
    ],
    [{ maxPerSecond: 20 }, 'ParentBased{root=AdaptiveSampler{maxPerSecond=20, windowMs=1000}, remoteParentSampled=AlwaysOnSampler', true],
    [{ maxPerSecond: 0.5, windowMs: 250 }, 'ParentBased{root=AdaptiveSampler{maxPerSecond=0.5, windowMs=250}', true],
    [
      { ratio: 0.01, keep: {} },
      'ParentBased{root=TraceIdRatioBased{0.01}, remoteParentSampled=AlwaysOnSampler, remoteParentNotSampled=RecordOnlySampler, ' +
        'localParentSampled=AlwaysOnSampler, localParentNotSampled=RecordWithParentSampler}',
      false,
    ],
  ])('%j gives %s', (option, description, parentBased) => {
    env({});
    const resolved = buildSampler(option);
    expect(resolved.sampler.toString()).toContain(description);
    expect(resolved.parentBased).toBe(parentBased);
    expect(resolved.readsAttributes).toBe(false);
  });

  it('decides new traces ahead of the SDK, counts into its stats, and keeps nothing unless keep is on', () => {
    env({});
    const plain = buildSampler({ ratio: 0.5 });
    expect(plain.rootStarter).toBe(plain.head);
    expect(plain.stats).toBe(plain.head!.counters);
    expect(plain.keep).toBeUndefined();
    expect(buildSampler({ ratio: 1 }).rootStarter).toBeUndefined(); // the SDK's own path is as cheap
    expect(buildSampler({ ratio: 0 }).rootStarter).toBeDefined();
    expect(buildSampler({ maxPerSecond: 5 }).rootStarter).toBeDefined();
    const keeping = buildSampler({ ratio: 0.5, keep: { slowerThanMs: 100 } });
    expect(keeping.rootStarter).toBe(keeping.head); // a dropped root is recorded outside the SDK
    expect(keeping.keep).toEqual({ errors: true, slowerThanMs: 100, maxSpans: 10_000, maxTraces: 1_000 });
  });

  it.each([
    [{ ratio: 0.5, maxPerSecond: 10 }, /sampler takes ratio or maxPerSecond, not both/],
    [{ maxPerSecond: 0 }, /sampler\.maxPerSecond must be a number above 0 \(new traces kept per second, e\.g\. 20\), got 0$/],
    [{ maxPerSecond: -5 }, /sampler\.maxPerSecond must be .* got -5$/],
    [{ maxPerSecond: NaN }, /sampler\.maxPerSecond must be .* got NaN$/],
    [{ maxPerSecond: Infinity }, /sampler\.maxPerSecond must be .* got Infinity$/],
    [{ maxPerSecond: '20' as unknown as number }, /sampler\.maxPerSecond must be .* got 20$/],
    [{ maxPerSecond: 20, windowMs: 0 }, /sampler\.windowMs must be a number above 0 \(milliseconds, e\.g\. 1000\), got 0$/],
    [{ maxPerSecond: 20, windowMs: -1 }, /sampler\.windowMs must be .* got -1$/],
    [{ ratio: 0.5, windowMs: 500 }, /sampler\.windowMs applies to the adaptive sampler only/],
    [{ windowMs: 500 }, /sampler\.windowMs applies to the adaptive sampler only/],
  ])('rejects %p', (option, message) => {
    env({});
    expect(() => buildSampler(option)).toThrow(TracingConfigurationError);
    expect(() => buildSampler(option)).toThrow(message);
  });

  it.each([1.5, -1, NaN, Infinity, -Infinity, '0.5' as unknown as number])('rejects ratio %p', (ratio) => {
    env({});
    expect(() => buildSampler({ ratio })).toThrow(TracingConfigurationError);
    expect(() => buildSampler({ ratio })).toThrow(/sampler\.ratio must be a number from 0 to 1/);
  });

  it('uses a Sampler instance as given, and assumes nothing of it: children may differ from the parent, attributes may count', () => {
    const sampler = new AlwaysOnSampler();
    expect(buildSampler(sampler)).toEqual({ sampler, parentBased: false, readsAttributes: true });
  });

  it('takes the ratio from OTEL_TRACES_SAMPLER_ARG when the code gives none, and the code ratio over it', () => {
    env({ OTEL_TRACES_SAMPLER_ARG: '0.5' });
    expect(buildSampler({}).sampler.toString()).toContain('TraceIdRatioBased{0.5}');
    expect(buildSampler({ ratio: 1 }).sampler.toString()).toContain('root=TraceIdRatioBased{1}');
  });

  it('takes the head sampler OTEL_TRACES_SAMPLER names when the code gives neither ratio nor maxPerSecond', () => {
    env({ OTEL_TRACES_SAMPLER: 'parentbased_adaptive', OTEL_TRACES_SAMPLER_ARG: '50' });
    const resolved = buildSampler({ keep: { errors: true } });
    expect(resolved.sampler.toString()).toContain('root=AdaptiveSampler{maxPerSecond=50, windowMs=1000}');
    expect(resolved.keep?.errors).toBe(true);
    env({ OTEL_TRACES_SAMPLER: 'always_off' });
    expect(buildSampler({ parentBased: false }).sampler.toString()).toContain('root=TraceIdRatioBased{0}, remoteParentSampled=TraceIdRatioBased{0}');
  });
});

describe('buildSampler from OTEL_TRACES_SAMPLER', () => {
  it.each([
    [undefined, undefined, 'ParentBased{root=TraceIdRatioBased{1}, remoteParentSampled=AlwaysOnSampler', true],
    [undefined, '0.5', 'ParentBased{root=TraceIdRatioBased{1}, remoteParentSampled=AlwaysOnSampler', true],
    ['always_on', undefined, 'root=TraceIdRatioBased{1}, remoteParentSampled=TraceIdRatioBased{1}', false],
    ['always_off', undefined, 'root=TraceIdRatioBased{0}, remoteParentSampled=TraceIdRatioBased{0}', false],
    ['traceidratio', '0.1', 'root=TraceIdRatioBased{0.1}, remoteParentSampled=TraceIdRatioBased{0.1}', false],
    ['traceidratio', undefined, 'root=TraceIdRatioBased{1}, remoteParentSampled=TraceIdRatioBased{1}', false],
    ['parentbased_always_off', undefined, 'ParentBased{root=TraceIdRatioBased{0}, remoteParentSampled=AlwaysOnSampler', true],
    ['parentbased_traceidratio', '0.3', 'ParentBased{root=TraceIdRatioBased{0.3}, remoteParentSampled=AlwaysOnSampler', true],
    ['PARENTBASED_TRACEIDRATIO', '0', 'ParentBased{root=TraceIdRatioBased{0}', true],
    ['  always_on  ', undefined, 'root=TraceIdRatioBased{1}', false],
    ['parentbased_adaptive', '20', 'ParentBased{root=AdaptiveSampler{maxPerSecond=20, windowMs=1000}, remoteParentSampled=AlwaysOnSampler', true],
    ['adaptive', '0.5', 'root=AdaptiveSampler{maxPerSecond=0.5, windowMs=1000}, remoteParentSampled=AdaptiveSampler', false],
  ])('%p with ARG %p gives %s', (name, arg, description, parentBased) => {
    env({ OTEL_TRACES_SAMPLER: name, OTEL_TRACES_SAMPLER_ARG: arg });
    const resolved = buildSampler(undefined);
    expect(resolved.sampler.toString()).toContain(description);
    expect(resolved.parentBased).toBe(parentBased);
    expect(resolved.readsAttributes).toBe(false);
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, /OTEL_TRACES_SAMPLER="jaeger_remote" is not supported/],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' }, /OTEL_TRACES_SAMPLER_ARG must be .* got 2$/],
    [{ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }, /OTEL_TRACES_SAMPLER_ARG must be .* got "half"$/],
    [{ OTEL_TRACES_SAMPLER: 'parentbased_adaptive' }, /OTEL_TRACES_SAMPLER=adaptive needs OTEL_TRACES_SAMPLER_ARG: the new traces kept per second, e\.g\. 20$/],
    [{ OTEL_TRACES_SAMPLER: 'adaptive', OTEL_TRACES_SAMPLER_ARG: 'fast' }, /OTEL_TRACES_SAMPLER_ARG must be a number above 0 .* got "fast"$/],
    [{ OTEL_TRACES_SAMPLER: 'adaptive', OTEL_TRACES_SAMPLER_ARG: '0' }, /OTEL_TRACES_SAMPLER_ARG must be a number above 0 .* got 0$/],
    [{ OTEL_TRACES_SAMPLER: 'adaptive', OTEL_TRACES_SAMPLER_ARG: '-3' }, /got -3$/],
    [{ OTEL_TRACES_SAMPLER: 'adaptive', OTEL_TRACES_SAMPLER_ARG: 'Infinity' }, /got Infinity$/],
  ])('fails at startup on %j', (vars, message) => {
    env(vars);
    expect(() => buildSampler(undefined)).toThrow(message);
  });
});
