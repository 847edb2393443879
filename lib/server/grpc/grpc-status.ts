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
 * The status an error thrown by a handler stands for: the `code` of an `RpcException({ code })`
 * or of any error with a numeric `code` (a grpc-js `ServiceError`, `{ code, message }`), else
 * UNKNOWN, which is what grpc-js sends for an error without a code. Nest's default exception
 * filter sends any error but an `RpcException` as UNKNOWN; an app whose filter passes errors on
 * sends their code, which is the one recorded here.
 */
export function grpcCodeOfError(error: unknown): number {
  if (error === null || typeof error !== 'object') return GRPC_UNKNOWN;
  const getError = (error as { getError?: unknown }).getError;
  // Nest's RpcException carries its payload in getError(); a string payload has no code.
  const payload = typeof getError === 'function' ? safeCall(getError, error) : error;
  const code = payload !== null && typeof payload === 'object' ? (payload as { code?: unknown }).code : undefined;
  return isGrpcStatusCode(code) ? code : GRPC_UNKNOWN;
}

function safeCall(fn: Function, thisArg: unknown): unknown {
  try {
    return fn.call(thisArg);
  } catch {
    return undefined;
  }
}
