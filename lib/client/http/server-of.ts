const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** `host` or `host:port`, IPv6 literals in brackets; the port is the scheme's default when absent. */
export function splitHost(host: string, protocol: string): { address: string; port: number | undefined } {
  const close = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.indexOf(':', close === -1 ? 0 : close);
  const address = close !== -1 ? host.slice(1, close) : colon === -1 ? host : host.slice(0, colon);
  const port = colon === -1 ? DEFAULT_PORTS[protocol] : Number(host.slice(colon + 1));
  return { address, port: Number.isInteger(port) ? port : undefined };
}

/** `server.address` and `server.port` of an origin such as `https://api.example.com:8443`. */
export function serverOf(origin: string): { address: string; port: number | undefined } {
  const slashes = origin.indexOf('//');
  const protocol = slashes === -1 ? 'http:' : origin.slice(0, slashes);
  const authority = slashes === -1 ? origin : origin.slice(slashes + 2);
  const end = authority.search(/[/?#]/);
  const hostPart = end === -1 ? authority : authority.slice(0, end);
  const at = hostPart.lastIndexOf('@');
  return splitHost(at === -1 ? hostPart : hostPart.slice(at + 1), protocol);
}
