import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Observable } from 'rxjs';

/** The proto package of the payments service, and its service name in that package. */
export const PAYMENTS_PACKAGE = 'shop.v1';
export const PAYMENTS_SERVICE = 'Payments';

/*
 * tsc does not copy .proto files: beside this file when run from the sources (jest, ts-node),
 * in the source folder when run from dist/sample-app/payments (rootDir is the project root).
 */
const PROTO_CANDIDATES = [
  join(__dirname, 'payments.proto'),
  join(__dirname, '..', '..', '..', 'sample-app', 'payments', 'payments.proto'),
];

/** Absolute path of `payments.proto`; throws at startup, saying where it looked, if it is missing. */
export function paymentsProtoPath(): string {
  const found = PROTO_CANDIDATES.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`payments.proto not found; looked at ${PROTO_CANDIDATES.join(', ')}`);
  return found;
}

/** `shop.v1.ChargeRequest` as proto-loader hands it over (camelCase fields). */
export interface ChargeRequest {
  orderId: string;
  userId: string;
  amount: number;
}

/** `shop.v1.Receipt`. */
export interface Receipt {
  paymentId: string;
  balance: number;
}

/** The client side of `shop.v1.Payments`, as `ClientGrpc.getService('Payments')` returns it. */
export interface PaymentsGrpcService {
  charge(request: ChargeRequest): Observable<Receipt>;
}
