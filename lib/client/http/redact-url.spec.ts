import { DEFAULT_SENSITIVE_QUERY_KEYS } from './outgoing-http-settings';
import { redactUrl } from './redact-url';

const defaults = new Set(DEFAULT_SENSITIVE_QUERY_KEYS);

describe('redactUrl', () => {
  it.each([
    ['http://api.test/users/1', 'http://api.test/users/1'],
    ['https://alice:pa55@api.test/x', 'https://REDACTED:REDACTED@api.test/x'],
    ['https://token@api.test/x', 'https://REDACTED:REDACTED@api.test/x'],
    // An @ in the path is not user info.
    ['http://api.test/users/a@b.test?page=2', 'http://api.test/users/a@b.test?page=2'],
    ['http://api.test/x?token=abc&page=2', 'http://api.test/x?token=REDACTED&page=2'],
    ['http://api.test/x?Access_Token=abc', 'http://api.test/x?Access_Token=REDACTED'],
    ['http://api.test/x?X-Amz-Signature=s&X-Amz-Credential=c&x=1', 'http://api.test/x?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&x=1'],
    // Encoded keys are compared decoded; a malformed escape is compared as it is.
    ['http://api.test/x?%74oken=abc&%zz=1', 'http://api.test/x?%74oken=REDACTED&%zz=1'],
    ['http://api.test/x?token&sig=', 'http://api.test/x?token&sig=REDACTED'],
    ['http://api.test/x?token=a&token=b', 'http://api.test/x?token=REDACTED&token=REDACTED'],
    ['http://api.test/x?q=1#access_token=abc', 'http://api.test/x?q=1'],
    ['http://u:p@api.test/x?password=hunter2', 'http://REDACTED:REDACTED@api.test/x?password=REDACTED'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url, defaults)).toBe(expected);
  });

  it('redacts every value with allValues, keeping keys, order and valueless keys', () => {
    expect(redactUrl('http://api.test/x?page=2&q=ada%20lovelace&flag&token=t', new Set(), true)).toBe(
      'http://api.test/x?page=REDACTED&q=REDACTED&flag&token=REDACTED',
    );
    expect(redactUrl('http://api.test/x', new Set(), true)).toBe('http://api.test/x');
  });

  it('uses only the keys it is given', () => {
    expect(redactUrl('http://api.test/x?token=a&otp=1', new Set(['otp']))).toBe('http://api.test/x?token=a&otp=REDACTED');
    expect(redactUrl('http://api.test/x?token=a', new Set())).toBe('http://api.test/x?token=a');
  });
});
