import { Span, trace } from '@opentelemetry/api';
import { runInSpan } from '../decorators/run-in-span';
import { reportOnce } from '../diagnostics';
import { tracingRuntime } from '../tracing.runtime';
import { databaseOutcome, startDatabaseSpan } from './database-span';
import { loadAppModule, reportOtherCopies } from './load-app-module';

type AnyFunction = (this: any, ...args: any[]) => any;
interface PatchablePrototype {
  query: AnyFunction;
  connect?: AnyFunction;
}
interface PgConnection {
  connectionParameters?: { host?: string; port?: number; database?: string };
}
interface PgModule {
  Client: { prototype: PatchablePrototype };
  Pool?: { prototype: PatchablePrototype };
}

/** OpenTelemetry's instrumentations wrap with shimmer, which marks the wrapper. */
function isWrappedByInstrumentation(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as { __wrapped?: unknown }).__wrapped === true;
}

/** SQLSTATE, the five-character code every PostgreSQL error carries (`42P01`, `23505`). */
function sqlState(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The SQL text of `client.query(text | { text }, ...)`; undefined for a Submittable (a cursor, a stream). */
function sqlOf(first: unknown): string | undefined {
  if (typeof first === 'string') return first;
  if (first === null || typeof first !== 'object' || typeof (first as { submit?: unknown }).submit === 'function') return undefined;
  const text = (first as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}

const PG_OUTCOME = databaseOutcome(sqlState);

/** Ends `span` when pg calls back: the callback form has no result to watch. */
function endingCallback(span: Span, callback: AnyFunction): AnyFunction {
  return function (this: unknown, error: unknown, ...rest: unknown[]): unknown {
    if (error !== undefined && error !== null) PG_OUTCOME.onError(span, error);
    span.end();
    return callback.call(this, error, ...rest);
  };
}

function tracedQuery(original: AnyFunction): AnyFunction {
  return function query(this: PgConnection, ...args: any[]): unknown {
    const sql = sqlOf(args[0]);
    const params = this.connectionParameters;
    const span: Span | undefined =
      sql === undefined
        ? undefined
        : startDatabaseSpan({ system: 'postgresql', sql, namespace: params?.database, serverAddress: params?.host, serverPort: params?.port });
    if (span === undefined) return original.apply(this, args);
    const last = args.length - 1;
    const config = args[0] as { callback?: AnyFunction };
    if (typeof args[last] === 'function') args[last] = endingCallback(span, args[last]);
    else if (typeof config.callback === 'function') args[0] = { ...config, callback: endingCallback(span, config.callback) };
    else return runInSpan(span, trace.setSpan(tracingRuntime.activeContext(), span), original, this, args, PG_OUTCOME);
    try {
      return original.apply(this, args);
    } catch (error) {
      PG_OUTCOME.onError(span, error);
      span.end();
      throw error;
    }
  };
}

/**
 * A pool hands a freed client to the next waiting `connect` callback from inside the code that
 * freed it, i.e. another request's context; the callback is bound to its caller's.
 */
function contextBoundConnect(original: AnyFunction): AnyFunction {
  return function connect(this: unknown, ...args: any[]): unknown {
    const callback = args[0];
    if (typeof callback !== 'function') return original.apply(this, args);
    const ctx = tracingRuntime.activeContext();
    args[0] = function (this: unknown, ...results: unknown[]) {
      return tracingRuntime.with(ctx, callback as AnyFunction, this, ...results);
    };
    return original.apply(this, args);
  };
}

/**
 * Traces `pg`: each `client.query` (and so `pool.query` and every ORM over them) is a CLIENT
 * span; `connect`, pool housekeeping and cursors are not. The prototypes of the app's own `pg`
 * are wrapped, so clients made before tracing started are traced too. Returns the undo, or
 * undefined when the app has no `pg`.
 */
export function tracePg(): (() => void) | undefined {
  const pg = loadAppModule<PgModule>('pg');
  if (pg === undefined || typeof pg.Client?.prototype?.query !== 'function') return undefined;
  const client = pg.Client.prototype;
  if (isWrappedByInstrumentation(client.query)) {
    reportOnce('pg:instrumented', 'pg is already traced by an OpenTelemetry instrumentation; nestjs-tracing leaves its queries to it');
    return undefined;
  }
  const originalQuery = client.query;
  client.query = tracedQuery(originalQuery);
  reportOtherCopies('pg');
  const pool = pg.Pool?.prototype;
  const originalConnect = pool?.connect;
  const ownConnect = pool !== undefined && Object.prototype.hasOwnProperty.call(pool, 'connect');
  if (pool && originalConnect) pool.connect = contextBoundConnect(originalConnect);
  return () => {
    client.query = originalQuery;
    if (pool && ownConnect) pool.connect = originalConnect;
    else if (pool) delete pool.connect;
  };
}
