import { serverOf, splitHost } from './server-of';

describe('serverOf / splitHost', () => {
  it.each([
    ['http://127.0.0.1:8080', { address: '127.0.0.1', port: 8080 }],
    ['https://api.test', { address: 'api.test', port: 443 }],
    ['http://api.test', { address: 'api.test', port: 80 }],
    ['http://[::1]:3000', { address: '::1', port: 3000 }],
    ['https://[2001:db8::1]', { address: '2001:db8::1', port: 443 }],
    ['http://u:p@api.test:81/path', { address: 'api.test', port: 81 }],
    ['ws://api.test', { address: 'api.test', port: undefined }],
  ])('%s', (origin, expected) => {
    expect(serverOf(origin)).toEqual(expected);
  });

  it('reads a Host header', () => {
    expect(splitHost('api.test:x', 'http:')).toEqual({ address: 'api.test', port: undefined });
    expect(splitHost('api.test', 'https:')).toEqual({ address: 'api.test', port: 443 });
  });
});
