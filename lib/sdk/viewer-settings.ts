import type { TracingModuleOptions, ViewerOptions } from '../tracing.options';
import { TracingConfigurationError } from './configuration-error';

/** The viewer's options with their defaults, checked; see `ViewerOptions`. */
export interface ViewerSettings {
  /** Without a trailing slash, e.g. `/_traces`. */
  path: string;
  maxTraces: number;
  maxSpansPerTrace: number;
}

export const DEFAULT_VIEWER_SETTINGS: ViewerSettings = { path: '/_traces', maxTraces: 100, maxSpansPerTrace: 500 };

/** Letters, digits and `-._~/` only: the path is written into the page and matched as it is. */
const PATH = /^(\/[A-Za-z0-9\-._~]+)+\/?$/;

function checkCount(value: unknown, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new TracingConfigurationError(`${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The viewer's settings, or undefined when it is off. Throws when the options are malformed,
 * and under `NODE_ENV=production` unless `viewer.allowInProduction` is set: the page shows
 * every recorded span to anyone who can reach the app.
 */
export function resolveViewerSettings(options: Pick<TracingModuleOptions, 'viewer'>): ViewerSettings | undefined {
  const viewer = options.viewer as unknown;
  if (viewer === undefined || viewer === false) return undefined;
  if (viewer !== true && (viewer === null || typeof viewer !== 'object' || Array.isArray(viewer))) {
    throw new TracingConfigurationError(`viewer must be true, false or { path?, maxTraces?, maxSpansPerTrace?, allowInProduction? }, got ${JSON.stringify(viewer)}`);
  }
  const given: ViewerOptions = viewer === true ? {} : (viewer as ViewerOptions);
  if (given.path !== undefined && (typeof given.path !== 'string' || !PATH.test(given.path))) {
    throw new TracingConfigurationError(`viewer.path must be an absolute path of letters, digits and -._~ such as '/_traces', got ${JSON.stringify(given.path)}`);
  }
  if (given.allowInProduction !== undefined && typeof given.allowInProduction !== 'boolean') {
    throw new TracingConfigurationError(`viewer.allowInProduction must be true or false, got ${JSON.stringify(given.allowInProduction)}`);
  }
  const settings: ViewerSettings = {
    path: given.path?.replace(/\/$/, '') ?? DEFAULT_VIEWER_SETTINGS.path,
    maxTraces: checkCount(given.maxTraces, 'viewer.maxTraces', 10_000) ?? DEFAULT_VIEWER_SETTINGS.maxTraces,
    maxSpansPerTrace: checkCount(given.maxSpansPerTrace, 'viewer.maxSpansPerTrace', 100_000) ?? DEFAULT_VIEWER_SETTINGS.maxSpansPerTrace,
  };
  if (process.env.NODE_ENV === 'production' && given.allowInProduction !== true) {
    throw new TracingConfigurationError(
      'viewer is on under NODE_ENV=production: the trace viewer shows every recorded span to anyone who can reach the app; ' +
        'turn it off there (viewer: false), or set viewer.allowInProduction: true',
    );
  }
  return settings;
}
