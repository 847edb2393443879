/** Where orders finds the services it calls. */
export interface ServiceUrls {
  /** HTTP base URL of users. */
  users: string;
  /** HTTP base URL of inventory. */
  inventory: string;
  /** `host:port` of the payments gRPC server. */
  paymentsGrpc: string;
  /** `host:port` of the notifications TCP microservice. */
  notifications: string;
}

/** DI token of the `ServiceUrls` object. */
export const SERVICE_URLS = 'SAMPLE:SERVICE_URLS';
