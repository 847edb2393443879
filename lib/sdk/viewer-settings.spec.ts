import { setEnv } from '../../test/support/scoped-env';
import { TracingConfigurationError } from './configuration-error';
import { validateOptions } from './validate-options';
import { resolveViewerSettings } from './viewer-settings';

describe('resolveViewerSettings', () => {
  let restore: () => void;
  beforeEach(() => (restore = setEnv({ NODE_ENV: 'development' })));
  afterEach(() => restore());

  it.each([[undefined], [false]])('is off for %p', (viewer) => {
    expect(resolveViewerSettings({ viewer })).toBeUndefined();
  });

  it('fills in the defaults', () => {
    expect(resolveViewerSettings({ viewer: true })).toEqual({ path: '/_traces', maxTraces: 100, maxSpansPerTrace: 500 });
    expect(resolveViewerSettings({ viewer: { path: '/debug/traces/', maxTraces: 5, maxSpansPerTrace: 10 } })).toEqual({ path: '/debug/traces', maxTraces: 5, maxSpansPerTrace: 10 });
  });

  it.each([
    [{ viewer: 'yes' }, 'viewer must be true, false or'],
    [{ viewer: [] }, 'viewer must be true, false or'],
    [{ viewer: { path: '_traces' } }, 'viewer.path must be an absolute path'],
    [{ viewer: { path: '/' } }, 'viewer.path must be an absolute path'],
    [{ viewer: { path: '/a b' } }, 'viewer.path must be an absolute path'],
    [{ viewer: { path: '/x"><script>' } }, 'viewer.path must be an absolute path'],
    [{ viewer: { maxTraces: 0 } }, 'viewer.maxTraces must be a whole number from 1 to 10000, got 0'],
    [{ viewer: { maxTraces: 1.5 } }, 'viewer.maxTraces must be a whole number'],
    [{ viewer: { maxTraces: 10_001 } }, 'viewer.maxTraces must be a whole number'],
    [{ viewer: { maxSpansPerTrace: NaN } }, 'viewer.maxSpansPerTrace must be a whole number from 1 to 100000'],
    [{ viewer: { allowInProduction: 'true' } }, 'viewer.allowInProduction must be true or false'],
  ])('rejects %j', (options, message) => {
    expect(() => resolveViewerSettings(options as never)).toThrow(TracingConfigurationError);
    expect(() => resolveViewerSettings(options as never)).toThrow(message);
  });

  it('refuses NODE_ENV=production unless allowInProduction', () => {
    restore();
    restore = setEnv({ NODE_ENV: 'production' });
    expect(() => resolveViewerSettings({ viewer: true })).toThrow('viewer is on under NODE_ENV=production');
    expect(resolveViewerSettings({ viewer: false })).toBeUndefined();
    expect(resolveViewerSettings({ viewer: { allowInProduction: true } })).toMatchObject({ path: '/_traces' });
  });

  it('is checked with the other options, with "did you mean" for a mistyped key', () => {
    expect(() => validateOptions({ viewer: { maxTrace: 5 } } as never)).toThrow('unknown option viewer.maxTrace: did you mean viewer.maxTraces?');
    expect(() => validateOptions({ viewer: { path: 'traces' } })).toThrow('viewer.path must be an absolute path');
    expect(() => validateOptions({ viewer: true })).not.toThrow();
  });
});
