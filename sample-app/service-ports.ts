/** The four services of the demo and the 127.0.0.1 port each listens on unless `<NAME>_PORT` says otherwise. */
export const DEFAULT_PORTS = { orders: 3000, users: 3001, inventory: 3002, payments: 3003 } as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;

export function servicePort(name: ServiceName, env: NodeJS.ProcessEnv = process.env): number {
  const variable = `${name.toUpperCase()}_PORT`;
  const raw = env[variable]?.trim();
  if (!raw) return DEFAULT_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${variable}="${raw}" is not a port number (0-65535)`);
  }
  return port;
}
