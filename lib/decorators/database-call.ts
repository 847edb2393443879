import { SpanKind } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM_NAME,
} from '@opentelemetry/semantic-conventions';
import { databaseSpanName } from '../database/database-span';
import type { TracedOptions } from './traced-options';

/** Describes a method that calls a store no driver integration covers; see `Traced.db`. */
export interface DatabaseCallOptions {
  /** `db.system.name`: `redis`, `sqlite`, `dynamodb`, your own store's name. */
  system: string;
  /** `db.operation.name`: `SELECT`, `GET`, `findOne`... @default none */
  operation?: string;
  /** `db.collection.name`: the table, collection or key space. @default none */
  collection?: string;
  /** `db.namespace`: the database. @default none */
  namespace?: string;
  /** Span name. @default `{operation} {collection}`, as much of it as is given, else `system` */
  name?: string;
}

/** The `@Traced` options of a database CLIENT span with the same attributes the drivers' spans carry. */
export function databaseCallOptions(options: DatabaseCallOptions): TracedOptions {
  const { system, operation, collection, namespace } = options;
  return {
    name: options.name ?? databaseSpanName(operation, collection, system),
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_DB_SYSTEM_NAME]: system,
      ...(operation === undefined ? {} : { [ATTR_DB_OPERATION_NAME]: operation }),
      ...(collection === undefined ? {} : { [ATTR_DB_COLLECTION_NAME]: collection }),
      ...(namespace === undefined ? {} : { [ATTR_DB_NAMESPACE]: namespace }),
    },
  };
}
