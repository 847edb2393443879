import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_RPC_METHOD,
  ATTR_RPC_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  RPC_SYSTEM_NAME_VALUE_GRPC,
} from '@opentelemetry/semantic-conventions';

/*
 * Message counts have no name in the semantic conventions (their per-message events were
 * deprecated without a replacement), so they live under this library's own namespace. The
 * opt-in message events keep the names the conventions used, which trace viewers still know;
 * the incubating entry point that holds them cannot be imported under `moduleResolution: node`.
 */
export const ATTR_GRPC_SENT_MESSAGES = 'nestjs_tracing.grpc.sent_messages';
export const ATTR_GRPC_RECEIVED_MESSAGES = 'nestjs_tracing.grpc.received_messages';
export const MESSAGE_EVENT = 'message';
export const ATTR_MESSAGE_TYPE = 'rpc.message.type';
export const ATTR_MESSAGE_ID = 'rpc.message.id';

export interface HostPort {
  address: string;
  port?: number;
}

/**
 * Splits what grpc-js reports as a peer or an authority: `127.0.0.1:50051`, `[::1]:50051`,
 * `ipv4:127.0.0.1:50051`, `dns:localhost:50051`, `localhost`. Unix sockets keep their path.
 */
export function splitHostPort(value: string | undefined): HostPort | undefined {
  if (!value) return undefined;
  let rest = value.replace(/^(ipv4|ipv6|dns):(\/\/[^/]*\/)?/, '');
  if (rest.startsWith('unix:')) return { address: rest.slice('unix:'.length) };
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracket) return { address: bracket[1], port: bracket[2] ? Number(bracket[2]) : undefined };
  const colon = rest.lastIndexOf(':');
  if (colon === -1 || rest.indexOf(':') !== colon) return { address: rest };
  const port = Number(rest.slice(colon + 1));
  rest = rest.slice(0, colon);
  return Number.isInteger(port) && port > 0 ? { address: rest, port } : { address: rest };
}

/** `package.Service/Method` from a gRPC path `/package.Service/Method`. */
export function grpcMethodName(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path;
}

/** The attributes every gRPC span starts with; addresses only where they are known. */
export function grpcSpanAttributes(method: string, server?: HostPort, peer?: HostPort): Attributes {
  const attributes: Attributes = { [ATTR_RPC_SYSTEM_NAME]: RPC_SYSTEM_NAME_VALUE_GRPC, [ATTR_RPC_METHOD]: method };
  if (server) {
    attributes[ATTR_SERVER_ADDRESS] = server.address;
    if (server.port !== undefined) attributes[ATTR_SERVER_PORT] = server.port;
  }
  if (peer) {
    attributes[ATTR_NETWORK_PEER_ADDRESS] = peer.address;
    if (peer.port !== undefined) attributes[ATTR_NETWORK_PEER_PORT] = peer.port;
  }
  return attributes;
}
