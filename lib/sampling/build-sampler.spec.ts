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
    [{}, 'ParentBased{root=AlwaysOnSampler', true],
    [{ ratio: 1 }, 'ParentBased{root=AlwaysOnSampler', true],
    [{ ratio: 0 }, 'ParentBased{root=AlwaysOffSampler', true],
    [{ ratio: -0 }, 'ParentBased{root=AlwaysOffSampler', true],
    [{ ratio: 0.25 }, 'ParentBased{root=TraceIdRatioBased{0.25}', true],
    [{ ratio: 0.25, parentBased: false }, 'TraceIdRatioBased{0.25}', false],
  ])('%j gives %s', (option, description, parentBased) => {
    env({});
    const resolved = buildSampler(option);
    expect(resolved.sampler.toString()).toContain(description);
    expect(resolved.parentBased).toBe(parentBased);
    expect(resolved.readsAttributes).toBe(false);
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
    expect(buildSampler({ ratio: 1 }).sampler.toString()).toContain('AlwaysOnSampler');
  });
});

describe('buildSampler from OTEL_TRACES_SAMPLER', () => {
  it.each([
    [undefined, undefined, 'ParentBased{root=AlwaysOnSampler', true],
    ['always_on', undefined, 'AlwaysOnSampler', false],
    ['always_off', undefined, 'AlwaysOffSampler', false],
    ['traceidratio', '0.1', 'TraceIdRatioBased{0.1}', false],
    ['traceidratio', undefined, 'AlwaysOnSampler', false],
    ['parentbased_always_off', undefined, 'ParentBased{root=AlwaysOffSampler', true],
    ['parentbased_traceidratio', '0.3', 'ParentBased{root=TraceIdRatioBased{0.3}', true],
    ['PARENTBASED_TRACEIDRATIO', '0', 'ParentBased{root=AlwaysOffSampler', true],
    ['  always_on  ', undefined, 'AlwaysOnSampler', false],
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
  ])('fails at startup on %j', (vars, message) => {
    env(vars);
    expect(() => buildSampler(undefined)).toThrow(message);
  });
});
