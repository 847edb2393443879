import type { TracingModuleOptions } from '../tracing.options';
import { TracingConfigurationError } from './configuration-error';

const SAMPLER_KEYS = ['ratio', 'maxPerSecond', 'windowMs', 'parentBased', 'keep'];

function checkStringList(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TracingConfigurationError(`${name} must be an array of strings, such as ['x-request-id']`);
  }
}

/**
 * Checks the shape of the options the typed API cannot guard (plain JavaScript, values read from
 * a config file): a mistyped key or value fails at startup instead of being silently ignored.
 * Values with their own rules (ratios, exporter names, URLs) are checked where they are used.
 */
export function validateOptions(options: TracingModuleOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TracingConfigurationError('TracingModule.forRoot() takes an options object, e.g. { serviceName: "orders" }');
  }
  const sampler = options.sampler as unknown;
  if (sampler !== undefined) {
    const isObject = sampler !== null && typeof sampler === 'object';
    const isSampler = isObject && typeof (sampler as { shouldSample?: unknown }).shouldSample === 'function';
    const unknownKeys = isObject && !isSampler ? Object.keys(sampler).filter((key) => !SAMPLER_KEYS.includes(key)) : [];
    if (!isObject || unknownKeys.length > 0) {
      throw new TracingConfigurationError(
        `sampler must be { ratio?, maxPerSecond?, windowMs?, parentBased?, keep? } or an OpenTelemetry Sampler, got ${
          isObject ? `unknown key(s) ${unknownKeys.join(', ')}` : String(sampler)
        }`,
      );
    }
  }
  if (options.spanProcessor !== undefined && options.spanProcessor !== 'batch' && options.spanProcessor !== 'simple') {
    throw new TracingConfigurationError(`spanProcessor must be 'batch' or 'simple', got "${String(options.spanProcessor)}"`);
  }
  checkStringList(options.http?.requestHeaders, 'http.requestHeaders');
  checkStringList(options.http?.responseHeaders, 'http.responseHeaders');
  checkStringList(options.http?.ignorePaths, 'http.ignorePaths');
  if (options.serviceName !== undefined && (typeof options.serviceName !== 'string' || options.serviceName === '')) {
    throw new TracingConfigurationError('serviceName must be a non-empty string');
  }
}
