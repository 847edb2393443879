/**
 * The two kinds of client a gateway handler receives, read without importing their packages:
 * a socket.io `Socket` (it has a `handshake` and a namespace) or a `ws` WebSocket.
 */
export interface SocketIoClient {
  nsp?: { name?: unknown };
  handshake: { auth?: unknown; headers?: unknown; query?: unknown };
  conn?: { transport?: { name?: unknown } };
}

export type GatewayPlatform = 'socket.io' | 'ws';

export function asSocketIoClient(client: unknown): SocketIoClient | undefined {
  const handshake = client !== null && typeof client === 'object' ? (client as { handshake?: unknown }).handshake : undefined;
  return handshake !== null && typeof handshake === 'object' ? (client as SocketIoClient) : undefined;
}

export const platformOf = (client: unknown): GatewayPlatform => (asSocketIoClient(client) ? 'socket.io' : 'ws');
