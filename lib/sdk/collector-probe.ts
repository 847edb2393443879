import { connect } from 'node:net';

/** How long the probe waits for an answer before it stops waiting (the export goes on anyway). */
const PROBE_TIMEOUT_MILLIS = 1000;

/**
 * True when nothing listens at the collector's address: the connection is refused, which takes
 * a round trip, not the export timeout. A collector that accepts, or does not answer at all,
 * or an address that does not resolve, gives false: the export is then left to its own timeout.
 */
export function isConnectionRefused(url: string): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve(false);
  }
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (refused: boolean) => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(PROBE_TIMEOUT_MILLIS, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}
