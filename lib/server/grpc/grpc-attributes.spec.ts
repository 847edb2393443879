import { grpcMethodName, splitHostPort } from './grpc-attributes';

describe('splitHostPort: the peer and authority strings grpc-js reports', () => {
  it.each([
    ['127.0.0.1:50051', { address: '127.0.0.1', port: 50051 }],
    ['ipv4:127.0.0.1:50051', { address: '127.0.0.1', port: 50051 }],
    ['[::1]:50051', { address: '::1', port: 50051 }],
    ['ipv6:[::1]:50051', { address: '::1', port: 50051 }],
    ['[::1]', { address: '::1', port: undefined }],
    ['dns:localhost:50051', { address: 'localhost', port: 50051 }],
    ['dns://8.8.8.8/payments.internal:443', { address: 'payments.internal', port: 443 }],
    ['localhost', { address: 'localhost' }],
    // A bare IPv6 address has several colons: none of them is a port separator.
    ['::1', { address: '::1' }],
    ['unix:/run/payments.sock', { address: '/run/payments.sock' }],
    ['localhost:0', { address: 'localhost' }],
    ['localhost:http', { address: 'localhost' }],
  ])('%s', (value, expected) => {
    expect(splitHostPort(value)).toStrictEqual(expected);
  });

  it.each([undefined, ''])('knows nothing of %p', (value) => {
    expect(splitHostPort(value)).toBeUndefined();
  });
});

describe('grpcMethodName', () => {
  it('drops the leading slash of a path, and only that', () => {
    expect(grpcMethodName('/shop.v1.Payments/Charge')).toBe('shop.v1.Payments/Charge');
    expect(grpcMethodName('shop.v1.Payments/Charge')).toBe('shop.v1.Payments/Charge');
  });
});
