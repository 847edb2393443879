/**
 * gRPC status codes by number, as their canonical names: the value `rpc.status_code` takes
 * (the RPC conventions prefer the standard string form of a numeric code).
 */
const STATUS_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

export const GRPC_OK = 0;
export const GRPC_CANCELLED = 1;
export const GRPC_UNKNOWN = 2;

/** Codes that are the server's fault: only these mark a SERVER span ERROR (RPC conventions). */
const SERVER_ERROR_CODES = new Set([2, 4, 12, 13, 14, 15]); // UNKNOWN, DEADLINE_EXCEEDED, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS

export function isGrpcStatusCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < STATUS_NAMES.length;
}

export function grpcStatusName(code: number): string {
  return STATUS_NAMES[code] ?? String(code);
}

export function isServerErrorCode(code: number): boolean {
  return SERVER_ERROR_CODES.has(code);
}

/**
 * The status the client receives for an error the transport sends: grpc-js sends the error's
 * numeric `code` (a `ServiceError`, the `{ code, message }` Nest's exception filter makes of an
 * `RpcException`), and UNKNOWN for an error without one.
 */
export function grpcCodeOfError(error: unknown): number {
  const code = error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return isGrpcStatusCode(code) ? code : GRPC_UNKNOWN;
}
