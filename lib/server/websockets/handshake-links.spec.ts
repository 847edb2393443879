import { useGlobalTestProvider } from '../../../test/support/global-test-provider';
import { keepUpgradeRequest, linksToHandshake } from './handshake-links';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;
const OTHER = `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01`;

/** A socket.io `Socket` as far as its handshake goes. */
const socketIo = (handshake: Record<string, unknown>) => ({ handshake: { auth: {}, headers: {}, query: {}, ...handshake } });

/** A `ws` client, with the upgrade request Nest's connection listener received. */
function wsClient(request?: { headers?: unknown; url?: unknown }) {
  const client = {};
  keepUpgradeRequest(client, request);
  return client;
}

const linkedTraceIds = (client: unknown) => linksToHandshake(client)?.map((link) => link.context.traceId);

describe('linksToHandshake: the trace a client connected in', () => {
  useGlobalTestProvider();

  it.each([
    ['socket.io auth', socketIo({ auth: { traceparent: TRACEPARENT } })],
    ['socket.io headers', socketIo({ headers: { traceparent: TRACEPARENT } })],
    ['socket.io query', socketIo({ query: { traceparent: TRACEPARENT, EIO: '4' } })],
    ['socket.io auth before headers', socketIo({ auth: { traceparent: TRACEPARENT }, headers: { traceparent: OTHER } })],
    ['ws upgrade headers', wsClient({ headers: { traceparent: TRACEPARENT }, url: '/orders' })],
    ['ws upgrade query', wsClient({ headers: {}, url: `/orders?x=1&traceparent=${TRACEPARENT}` })],
    ['ws headers before query', wsClient({ headers: { traceparent: TRACEPARENT }, url: `/orders?traceparent=${OTHER}` })],
  ])('links to the context in %s', (_, client) => {
    expect(linkedTraceIds(client)).toEqual([TRACE_ID]);
  });

  it.each([
    ['no context', socketIo({})],
    ['a malformed traceparent', socketIo({ auth: { traceparent: '00-zz-zz-01' } })],
    ['a traceparent that is a number', socketIo({ auth: { traceparent: 42 } })],
    ['an auth that is not an object', socketIo({ auth: 'traceparent' })],
    ['a ws client without its upgrade request', wsClient()],
    ['a ws url without a query', wsClient({ headers: {}, url: '/orders' })],
    ['a traceparent only on the prototype', socketIo({ auth: Object.create({ traceparent: TRACEPARENT }) })],
    ['no client', undefined],
  ])('gives no link for %s', (_, client) => {
    expect(linksToHandshake(client)).toBeUndefined();
  });

  it('reads a connection once, and gives each message a list of its own', () => {
    const client = socketIo({ auth: { traceparent: TRACEPARENT } });
    const first = linksToHandshake(client);
    client.handshake.auth = { traceparent: OTHER };
    const second = linksToHandshake(client);
    expect(second?.[0].context.traceId).toBe(TRACE_ID);
    expect(second).not.toBe(first);
  });
});
