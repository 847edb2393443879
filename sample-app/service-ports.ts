/**
 * The ports on 127.0.0.1 the demo listens on unless an environment variable says otherwise:
 * `<NAME>_PORT` for each HTTP service, `PAYMENTS_GRPC_PORT` for the payments gRPC server,
 * `NOTIFICATIONS_PORT` for the notifications TCP microservice. 0 picks a free port.
 */
export const DEFAULT_PORTS = { orders: 3000, users: 3001, inventory: 3002, payments: 3003, paymentsGrpc: 50051, notifications: 3004 } as const;

export type ServiceName = keyof typeof DEFAULT_PORTS;

/** `paymentsGrpc` → `PAYMENTS_GRPC_PORT`. */
export function portVariable(name: ServiceName): string {
  return `${name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}_PORT`;
}

export function servicePort(name: ServiceName, env: NodeJS.ProcessEnv = process.env): number {
  const variable = portVariable(name);
  const raw = env[variable]?.trim();
  if (!raw) return DEFAULT_PORTS[name];
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${variable}="${raw}" is not a port number (0-65535)`);
  }
  return port;
}
