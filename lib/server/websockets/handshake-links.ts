import { isSpanContextValid, Link, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { asHeaderRecord, recordGetter } from '../../propagation/record-carrier';
import { asSocketIoClient } from './gateway-clients';

/** The HTTP upgrade request of each `ws` connection (socket.io keeps its own `handshake`). */
const upgradeRequests = new WeakMap<object, { headers?: unknown; url?: unknown }>();

/** The handshake's link of each connection, read once: null when it carried no valid context. */
const handshakeLinks = new WeakMap<object, Link | null>();

/** Keeps the upgrade request a `ws` connection was opened with; never throws. */
export function keepUpgradeRequest(client: unknown, request: unknown): void {
  if (client !== null && typeof client === 'object' && request !== null && typeof request === 'object') upgradeRequests.set(client, request);
}

function queryOf(url: unknown): Record<string, string> | undefined {
  const start = typeof url === 'string' ? url.indexOf('?') : -1;
  return start < 0 ? undefined : Object.fromEntries(new URLSearchParams((url as string).slice(start + 1)));
}

/**
 * Where a client may put its `traceparent` when it connects, first found wins: socket.io's
 * `auth` (what browsers can set), then the handshake's headers, then its query; for `ws`, the
 * upgrade request's headers, then its query (`new WebSocket(url + '?traceparent=...')`).
 */
function handshakeCarriers(client: object): unknown[] {
  const socketIo = asSocketIoClient(client);
  if (socketIo) return [socketIo.handshake.auth, socketIo.handshake.headers, socketIo.handshake.query];
  const request = upgradeRequests.get(client);
  return [request?.headers, queryOf(request?.url)];
}

function readHandshakeLink(client: object): Link | null {
  for (const carrier of handshakeCarriers(client)) {
    const record = asHeaderRecord(carrier);
    if (!record || recordGetter.get(record, 'traceparent') === undefined) continue;
    // A malformed traceparent is ignored by the W3C propagator: no link, a new root all the same.
    const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, record, recordGetter));
    return spanContext && isSpanContextValid(spanContext) ? { context: spanContext } : null;
  }
  return null;
}

/**
 * The trace the client was in when it connected, as a link for each message's span: a
 * connection lives for minutes or hours, so its messages start traces of their own rather than
 * growing the connecting trace without end. A fresh list each time (the SDK may add to it).
 */
export function linksToHandshake(client: unknown): Link[] | undefined {
  if (client === null || typeof client !== 'object') return undefined;
  let link = handshakeLinks.get(client);
  if (link === undefined) {
    link = readHandshakeLink(client);
    handshakeLinks.set(client, link);
  }
  return link ? [link] : undefined;
}
