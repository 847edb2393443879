import type { IncomingMessage } from 'node:http';
import type { Exception } from '@opentelemetry/api';

/** An `exception` event's fields, as the API's `recordException` takes them. */
export type RecordedException = Exclude<Exception, string> & { message: string };
import { errorMessage } from '../../decorators/span-outcome';

/**
 * The query string of the URL the client sent (Express may have rewritten `url` under a
 * mounted router; `originalUrl` keeps it), or undefined when there is none.
 */
export function queryOf(request: IncomingMessage): string | undefined {
  const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url ?? '';
  const start = url.indexOf('?');
  return start === -1 ? undefined : url.slice(start);
}

function strip(text: string, query: string): string {
  return text.split(query).join('');
}

/**
 * What to record instead of an exception that quotes the request's query string: Nest's own
 * 404 says `Cannot GET /nowhere?token=secret`, other errors may quote the URL too, so the query
 * is cut out of the message and the stack (the README promises it is never recorded).
 * Undefined when the exception does not quote it and can be recorded as it is.
 */
export function exceptionWithoutQuery(exception: unknown, query: string | undefined): RecordedException | undefined {
  const message = errorMessage(exception);
  const stack = exception instanceof Error && typeof exception.stack === 'string' ? exception.stack : undefined;
  if (query === undefined || (!message.includes(query) && !stack?.includes(query))) return undefined;
  const code = (exception as { code?: unknown } | null)?.code;
  return {
    name: exception instanceof Error ? exception.name : typeof exception,
    message: strip(message, query),
    ...(stack !== undefined ? { stack: strip(stack, query) } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}
