export const REDACTED = 'REDACTED';

/** `scheme://user:password@` at the start of a URL. */
const USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i;

function decodedKey(rawKey: string): string {
  try {
    return decodeURIComponent(rawKey.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return rawKey.toLowerCase();
  }
}

/** The query with the value of every sensitive key (or of every key) replaced; keys and order kept. */
function redactQuery(query: string, sensitiveKeys: ReadonlySet<string>, allValues: boolean): string {
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const key = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && (allValues || sensitiveKeys.has(decodedKey(key))) ? `${key}=${REDACTED}` : pair;
    })
    .join('&');
}

/**
 * A URL fit for `url.full`: credentials (`user:password@`) become `REDACTED:REDACTED@`, as the
 * HTTP conventions ask, the values of sensitive query keys (of every key with `allValues`) become
 * `REDACTED`, the fragment is dropped (it never leaves the client).
 */
export function redactUrl(url: string, sensitiveKeys: ReadonlySet<string>, allValues = false): string {
  const hash = url.indexOf('#');
  let redacted = hash === -1 ? url : url.slice(0, hash);
  if (redacted.includes('@')) redacted = redacted.replace(USER_INFO, `$1${REDACTED}:${REDACTED}@`);
  const question = redacted.indexOf('?');
  if (question === -1 || (sensitiveKeys.size === 0 && !allValues)) return redacted;
  return redacted.slice(0, question + 1) + redactQuery(redacted.slice(question + 1), sensitiveKeys, allValues);
}
