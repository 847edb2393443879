/** Where orders finds the services it calls. */
export interface ServiceUrls {
  users: string;
  inventory: string;
  payments: string;
}

/** DI token of the `ServiceUrls` object. */
export const SERVICE_URLS = 'SAMPLE:SERVICE_URLS';
