import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/**
 * The part of `@grpc/grpc-js`'s `Metadata` the propagators need, typed by shape so the library
 * does not load `@grpc/grpc-js` itself. Keys are lower-case; `-bin` keys hold Buffers.
 */
export interface MetadataLike {
  get(key: string): Array<string | Buffer>;
  set(key: string, value: string): void;
  getMap?(): Record<string, string | Buffer>;
}

/** Reads `traceparent`, `tracestate` and `baggage` from incoming gRPC Metadata. */
export const metadataGetter: TextMapGetter<MetadataLike> = {
  keys: (metadata) => (typeof metadata.getMap === 'function' ? Object.keys(metadata.getMap()) : []),
  get: (metadata, key) => {
    const values = metadata.get(key).filter((value): value is string => typeof value === 'string');
    if (values.length === 0) return undefined;
    return values.length === 1 ? values[0] : values;
  },
};

/** Writes propagation fields into outgoing gRPC Metadata, replacing any value already there. */
export const metadataSetter: TextMapSetter<MetadataLike> = {
  set: (metadata, key, value) => metadata.set(key, value),
};

/** True for an object that quacks like grpc-js `Metadata`. */
export function isMetadataLike(value: unknown): value is MetadataLike {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as MetadataLike).get === 'function' &&
    typeof (value as MetadataLike).set === 'function'
  );
}
