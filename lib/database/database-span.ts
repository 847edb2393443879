import { Attributes, Context, INVALID_TRACEID, Span, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import {
  ATTR_DB_COLLECTION_NAME,
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import type { SpanOutcome } from '../decorators/span-outcome';
import { reportOnce } from '../diagnostics';
import { tracingRuntime } from '../tracing.runtime';
import { SqlDialect, summarizeSql } from './sql-summary';

/** What a driver tells of one query; the values bound to it are deliberately not part of it. */
export interface DatabaseQuery {
  system: SqlDialect;
  sql: string;
  namespace?: string;
  serverAddress?: string;
  serverPort?: number;
}

/** The span name the conventions ask for: `{operation} {collection}`, else what is known. */
export function databaseSpanName(operation: string | undefined, collection: string | undefined, system: string): string {
  if (operation === undefined) return collection ?? system;
  return collection === undefined ? operation : `${operation} ${collection}`;
}

/**
 * Starts the CLIENT span of a query as a child of `parent` (the active context unless the driver
 * knows better), or returns undefined: outside
 * any trace (a query at startup, pool housekeeping) and inside an unsampled one there is none.
 */
export function startDatabaseSpan(query: DatabaseQuery, parent: Context = tracingRuntime.activeContext()): Span | undefined {
  const parentSpan = trace.getSpan(parent);
  if (parentSpan === undefined) return undefined;
  const spanContext = parentSpan.spanContext();
  const unsampled = (spanContext.traceFlags & TraceFlags.SAMPLED) === 0 && spanContext.traceId !== INVALID_TRACEID;
  if (unsampled && tracingRuntime.parentBasedSampling) return undefined;
  try {
    const { text, operation, collection } = summarizeSql(query.sql, query.system);
    const attributes: Attributes = {
      [ATTR_DB_SYSTEM_NAME]: query.system,
      [ATTR_DB_NAMESPACE]: query.namespace || undefined,
      [ATTR_DB_OPERATION_NAME]: operation,
      [ATTR_DB_COLLECTION_NAME]: collection,
      [ATTR_DB_QUERY_TEXT]: text,
      [ATTR_SERVER_ADDRESS]: query.serverAddress,
      [ATTR_SERVER_PORT]: query.serverPort,
    };
    const name = databaseSpanName(operation, collection, query.system);
    return tracingRuntime.tracerFor(parent).startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
  } catch (error) {
    reportOnce(`db-span:${query.system}`, `a ${query.system} query could not be traced`, error);
    return undefined;
  }
}

/** A driver's own error code (`ECONNREFUSED`, `ER_NO_SUCH_TABLE`), else the error's class. */
function errorTypeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.constructor.name : typeof error;
}

/**
 * How a query's span ends. A failure is described by codes only (`error.type` and
 * `db.response.status_code`, from `statusCodeOf`), never by its message and with no
 * `exception` event: a database's message can quote the values it refused
 * (`invalid input syntax for type integer: "42abc"`).
 */
export function databaseOutcome(statusCodeOf: (error: object) => string | undefined): SpanOutcome {
  return {
    onError(span, error) {
      const statusCode = typeof error === 'object' && error !== null ? statusCodeOf(error) : undefined;
      const errorType = statusCode ?? errorTypeOf(error);
      span.setAttribute(ATTR_ERROR_TYPE, errorType);
      if (statusCode !== undefined) span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, statusCode);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
    },
  };
}
