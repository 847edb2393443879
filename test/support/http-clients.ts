import http from 'node:http';
import axios from 'axios';

export type ClientName = 'fetch' | 'node:http' | 'axios';
export const CLIENTS: ClientName[] = ['fetch', 'node:http', 'axios'];

/** The status the caller saw, or the error it got instead. */
export interface CallResult {
  status?: number;
  error?: string;
}

function httpGet(url: string, signal?: AbortSignal): Promise<CallResult> {
  return new Promise((resolve) => {
    const request = http.get(url, { signal }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.name }));
  });
}

/** One GET with each client the way an app writes it; `timeoutMillis` aborts it. */
export const callers: Record<ClientName, (url: string, timeoutMillis?: number) => Promise<CallResult>> = {
  fetch: async (url, timeoutMillis) => {
    try {
      const response = await fetch(url, { signal: timeoutMillis ? AbortSignal.timeout(timeoutMillis) : undefined });
      await response.text();
      return { status: response.status };
    } catch (error) {
      const { name, cause } = error as Error & { cause?: { code?: string } };
      return { error: cause?.code ?? name };
    }
  },
  'node:http': (url, timeoutMillis) => httpGet(url, timeoutMillis ? AbortSignal.timeout(timeoutMillis) : undefined),
  axios: async (url, timeoutMillis) => {
    try {
      const response = await axios.get(url, { timeout: timeoutMillis, validateStatus: () => true });
      return { status: response.status };
    } catch (error) {
      return { error: (error as { code?: string }).code };
    }
  },
};
