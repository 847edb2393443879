import { reportOnce } from '../../diagnostics';

/**
 * Header names never recorded, whatever `http.requestHeaders` / `http.responseHeaders` list:
 * credentials sent as headers. `http.deniedHeaders` adds to it.
 */
export const DEFAULT_DENIED_HEADERS: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-refresh-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
];

/** Also denied: any name with one of these words (`x-goog-api-key`, `x-session-token`, `x-client-secret`). */
const SECRET_WORDS = /(?:^|[-_])(?:api-?key|token|secret|password|passwd|credentials?|session)(?:[-_]|$)/;

function normalize(names: readonly string[] | undefined): string[] {
  return [...new Set((names ?? []).map((name) => name.trim().toLowerCase()))].filter((name) => name.length > 0);
}

/** True for a header name that is never recorded, with `extraDenied` (already lower-case) added to the defaults. */
export function isDeniedHeader(name: string, extraDenied: readonly string[] = []): boolean {
  return DEFAULT_DENIED_HEADERS.includes(name) || extraDenied.includes(name) || SECRET_WORDS.test(name);
}

/**
 * Lower-cases the user's list and drops the headers that are never recorded, saying once which
 * listed ones were dropped (a listed header that never shows up would otherwise be a mystery).
 */
export function headerAllowList(names: readonly string[] | undefined, deniedHeaders?: readonly string[]): string[] {
  const extraDenied = normalize(deniedHeaders);
  const listed = normalize(names);
  const denied = listed.filter((name) => isDeniedHeader(name, extraDenied));
  if (denied.length > 0) {
    reportOnce(`denied-headers:${denied.join(',')}`, `header(s) ${denied.join(', ')} are never recorded (deny list), although listed`);
  }
  return listed.filter((name) => !denied.includes(name));
}
