import { reportOnce } from '../../diagnostics';
import type { HttpClientTracingOptions, UrlMatcher } from '../../tracing.options';

/**
 * Query parameters whose values never reach `url.full`: credentials, signatures and one-time
 * codes that APIs commonly take in the URL (OAuth, presigned S3 / GCS URLs, webhooks).
 */
export const DEFAULT_SENSITIVE_QUERY_KEYS: readonly string[] = Object.freeze([
  'access_token',
  'api_key',
  'apikey',
  'auth',
  'client_secret',
  'code',
  'id_token',
  'key',
  'password',
  'refresh_token',
  'secret',
  'session',
  'sig',
  'signature',
  'token',
  'awsaccesskeyid',
  'x-amz-credential',
  'x-amz-security-token',
  'x-amz-signature',
  'x-goog-credential',
  'x-goog-signature',
]);

/** The client options, resolved once when tracing starts. */
export interface OutgoingHttpSettings {
  /** Lower-cased sensitive query keys. */
  sensitiveQueryKeys: ReadonlySet<string>;
  /** False: every query value is redacted, not only the sensitive ones. */
  recordQueryValues: boolean;
  /** True when a request to `url` gets no span and no headers. */
  ignores(url: string): boolean;
  /** True when the trace context may be sent to this server. */
  propagatesTo(address: string, port: number | undefined, url: string): boolean;
}

function matches(matcher: UrlMatcher, url: string): boolean {
  if (typeof matcher === 'string') return url.startsWith(matcher);
  if (matcher instanceof RegExp) {
    matcher.lastIndex = 0; // a /g or /y pattern would otherwise remember the last match
    return matcher.test(url);
  }
  try {
    return matcher(url) === true;
  } catch (error) {
    reportOnce('http-client:ignoreUrls', 'an http.client.ignoreUrls function threw; the request is traced', error);
    return false;
  }
}

export function resolveOutgoingHttpSettings(options: HttpClientTracingOptions = {}): OutgoingHttpSettings {
  const ignoreUrls = options.ignoreUrls ?? [];
  const propagateTo = options.propagateTo;
  const hosts = new Set(propagateTo?.filter((item): item is string => typeof item === 'string').map((host) => host.toLowerCase()));
  const patterns = propagateTo?.filter((item): item is RegExp => item instanceof RegExp) ?? [];
  return {
    recordQueryValues: options.recordQueryValues ?? false,
    sensitiveQueryKeys: new Set((options.sensitiveQueryKeys ?? DEFAULT_SENSITIVE_QUERY_KEYS).map((key) => key.toLowerCase())),
    ignores: ignoreUrls.length === 0 ? () => false : (url) => ignoreUrls.some((matcher) => matches(matcher, url)),
    propagatesTo:
      propagateTo === undefined
        ? () => true
        : (address, port, url) => {
            const host = address.toLowerCase();
            return hosts.has(host) || hosts.has(`${host}:${port}`) || patterns.some((pattern) => matches(pattern, url));
          },
  };
}
