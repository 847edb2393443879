import type { TracingModuleOptions } from '../tracing.options';
import { TracingConfigurationError } from './configuration-error';
import { checkOptionKeys } from './option-keys';
import { resolveOtlpLogsUrl } from './resolve-otlp-url';
import { resolveViewerSettings } from './viewer-settings';
import { wantsOtlpLogs } from './start-log-export';

const SAMPLER_KEYS = ['ratio', 'maxPerSecond', 'windowMs', 'parentBased', 'keep'];

function checkBoolean(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TracingConfigurationError(`${name} must be true or false, got ${JSON.stringify(value)}`);
  }
}

const LOGS_KEYS = ['correlation', 'spanEvents', 'otlp'];

function checkLogsOptions(logs: unknown): void {
  if (logs === undefined) return;
  const unknownKeys = logs !== null && typeof logs === 'object' ? Object.keys(logs).filter((key) => !LOGS_KEYS.includes(key)) : [];
  if (logs === null || typeof logs !== 'object' || unknownKeys.length > 0) {
    throw new TracingConfigurationError(
      `logs must be { correlation?: boolean, spanEvents?: boolean, otlp?: boolean }, got ${
        unknownKeys.length > 0 ? `unknown key(s) ${unknownKeys.join(', ')}` : String(logs)
      }`,
    );
  }
  for (const key of LOGS_KEYS) checkBoolean((logs as Record<string, unknown>)[key], `logs.${key}`);
}

function checkStringList(value: unknown, name: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TracingConfigurationError(`${name} must be an array of strings, such as ['x-request-id']`);
  }
}

const HTTP_CLIENT_KEYS = ['enabled', 'ignoreUrls', 'propagateTo', 'recordQueryValues', 'sensitiveQueryKeys'];

function checkList(value: unknown, name: string, isItem: (item: unknown) => boolean, example: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every(isItem)) throw new TracingConfigurationError(`${name} must be an array of ${example}`);
}

function checkHttpClient(client: unknown): void {
  if (client === undefined) return;
  if (client === null || typeof client !== 'object' || Array.isArray(client)) {
    throw new TracingConfigurationError('http.client must be an object, e.g. { propagateTo: ["api.internal"] }');
  }
  const unknownKeys = Object.keys(client).filter((key) => !HTTP_CLIENT_KEYS.includes(key));
  if (unknownKeys.length > 0) {
    throw new TracingConfigurationError(`http.client has unknown key(s) ${unknownKeys.join(', ')}; known: ${HTTP_CLIENT_KEYS.join(', ')}`);
  }
  const { enabled, ignoreUrls, propagateTo, recordQueryValues, sensitiveQueryKeys } = client as Record<string, unknown>;
  for (const [name, value] of Object.entries({ enabled, recordQueryValues })) {
    if (value !== undefined && typeof value !== 'boolean') {
      throw new TracingConfigurationError(`http.client.${name} must be true or false, got ${String(value)}`);
    }
  }
  const isString = (item: unknown) => typeof item === 'string' && item !== '';
  checkList(ignoreUrls, 'http.client.ignoreUrls', (item) => isString(item) || item instanceof RegExp || typeof item === 'function', "URL prefixes, RegExps or (url) => boolean functions, such as ['http://169.254.169.254/']");
  checkList(propagateTo, 'http.client.propagateTo', (item) => isString(item) || item instanceof RegExp, "host names, host:port or RegExps, such as ['api.internal', /\.example\.com/]");
  checkList(sensitiveQueryKeys, 'http.client.sensitiveQueryKeys', isString, "query parameter names, such as ['token', 'sig']");
}

const RESOLVER_SPANS = ['async', 'all', 'none'];

function checkGraphqlOptions(graphql: unknown): void {
  if (graphql === undefined) return;
  if (graphql === null || typeof graphql !== 'object' || Array.isArray(graphql)) {
    throw new TracingConfigurationError("graphql must be { resolverSpans?: 'async' | 'all' | 'none', recordDocument?: boolean }");
  }
  const { resolverSpans, recordDocument } = graphql as Record<string, unknown>;
  if (resolverSpans !== undefined && !RESOLVER_SPANS.includes(resolverSpans as string)) {
    throw new TracingConfigurationError(`graphql.resolverSpans must be 'async', 'all' or 'none', got ${JSON.stringify(resolverSpans)}`);
  }
  checkBoolean(recordDocument, 'graphql.recordDocument');
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
  checkOptionKeys(options);
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
  checkStringList(options.http?.deniedHeaders, 'http.deniedHeaders');
  checkStringList(options.http?.ignorePaths, 'http.ignorePaths');
  checkHttpClient(options.http?.client);
  const db = options.db as unknown;
  if (db !== undefined && (db === null || typeof db !== 'object' || !['boolean', 'undefined'].includes(typeof (db as { enabled?: unknown }).enabled))) {
    throw new TracingConfigurationError('db must be { enabled?: boolean }, e.g. { enabled: false }');
  }
  if (options.quiet !== undefined && typeof options.quiet !== 'boolean') {
    throw new TracingConfigurationError(`quiet must be true or false, got ${JSON.stringify(options.quiet)}`);
  }
  checkLogsOptions(options.logs);
  checkGraphqlOptions(options.graphql);
  checkBoolean(options.console?.logs, 'console.logs');
  // Checked here, before anything is installed: the logs part starts after the SDK.
  if (wantsOtlpLogs(options)) resolveOtlpLogsUrl(options.otlp);
  if (options.serviceName !== undefined && (typeof options.serviceName !== 'string' || options.serviceName === '')) {
    throw new TracingConfigurationError('serviceName must be a non-empty string');
  }
  resolveViewerSettings(options);
}
