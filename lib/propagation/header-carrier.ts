import type { IncomingHttpHeaders } from 'node:http';
import type { TextMapGetter } from '@opentelemetry/api';

/** Reads propagation fields from Node's lower-cased incoming headers. */
export const incomingHeadersGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};
