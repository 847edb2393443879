import type { Context, Span } from '@opentelemetry/api';
import { tracingChannel } from 'node:diagnostics_channel';
import { reportOnce } from '../diagnostics';
import { tracingRuntime } from '../tracing.runtime';
import { databaseOutcome, startDatabaseSpan } from './database-span';
import { appModuleVersion } from './load-app-module';

/** What mysql2 publishes for each `query` and `execute` (its `values` are never read here). */
interface Mysql2QueryMessage {
  query?: unknown;
  database?: string;
  serverAddress?: string;
  serverPort?: number;
  error?: unknown;
}

/** What mysql2 publishes for a pool's `getConnection`; `caller` is ours. */
interface Mysql2PoolConnectMessage {
  caller?: Context;
}

/** The first mysql2 that publishes its queries on diagnostics channels. */
const FIRST_PUBLISHING = [3, 20];

function publishes(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > FIRST_PUBLISHING[0] || (major === FIRST_PUBLISHING[0] && minor >= FIRST_PUBLISHING[1]);
}

/** MySQL's error number (`1146`), which the conventions take as the response status code. */
function errorNumber(error: object): string | undefined {
  const errno = (error as { errno?: unknown }).errno;
  return typeof errno === 'number' && errno > 0 ? String(errno) : undefined;
}

/**
 * Traces `mysql2` (3.20 and later) through the `mysql2:query` and `mysql2:execute` tracing
 * channels it publishes: nothing is patched, so load order and ESM do not matter. The channels
 * carry no connection set-up or pings. Returns the undo.
 */
export function traceMysql2(): () => void {
  const version = appModuleVersion('mysql2');
  if (version !== undefined && !publishes(version)) {
    reportOnce('mysql2:version', `mysql2 ${version} publishes no diagnostics channels; upgrade to 3.20 or later to trace its queries`);
  }
  const outcome = databaseOutcome(errorNumber);
  const spans = new WeakMap<object, Span>();
  // A pool hands a freed connection to a waiting caller from inside the code that freed it,
  // i.e. another request's context. While the waiting caller's callback runs (where pool.query
  // sends its query), its own context, taken when it asked, is the parent.
  const callers: Context[] = [];
  const poolHandlers = {
    start(message: Mysql2PoolConnectMessage) {
      message.caller = tracingRuntime.activeContext();
    },
    asyncStart(message: Mysql2PoolConnectMessage) {
      callers.push(message.caller ?? tracingRuntime.activeContext());
    },
    asyncEnd() {
      callers.pop();
    },
  };
  const finish = (message: Mysql2QueryMessage) => {
    const span = spans.get(message);
    if (span === undefined) return;
    spans.delete(message);
    if (message.error !== undefined && message.error !== null) outcome.onError(span, message.error);
    span.end();
  };
  const handlers = {
    start(message: Mysql2QueryMessage) {
      if (typeof message.query !== 'string') return;
      const span = startDatabaseSpan({
        system: 'mysql',
        sql: message.query,
        namespace: message.database,
        serverAddress: message.serverAddress,
        serverPort: message.serverPort,
      }, callers.length > 0 ? callers[callers.length - 1] : undefined);
      if (span !== undefined) spans.set(message, span);
    },
    // A synchronous throw ends here; otherwise the result arrives with `asyncStart`.
    end(message: Mysql2QueryMessage) {
      if (message.error !== undefined) finish(message);
    },
    asyncStart: finish,
  };
  const subscriptions = [
    { channel: tracingChannel('mysql2:query'), handlers },
    { channel: tracingChannel('mysql2:execute'), handlers },
    { channel: tracingChannel('mysql2:pool:connect'), handlers: poolHandlers },
  ];
  for (const { channel, handlers: subscriber } of subscriptions) channel.subscribe(subscriber as never);
  return () => {
    for (const { channel, handlers: subscriber } of subscriptions) channel.unsubscribe(subscriber as never);
  };
}
