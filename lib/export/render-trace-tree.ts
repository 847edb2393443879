import { HrTime, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { hrTimeToMicroseconds, hrTimeToMilliseconds } from '@opentelemetry/core';
import { ATTR_LOG_MESSAGE, ATTR_LOG_SEVERITY, LOG_EVENT } from '../logs/record-log-line';
import { ATTR_EXCEPTION_MESSAGE, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_RPC_STATUS_CODE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Attribute name prefixes the tree leaves out by default: the span name already tells them. */
const PROTOCOL_PREFIXES = ['http.', 'url.', 'server.', 'client.', 'network.', 'user_agent.', 'rpc.', 'error.', 'db.query.', 'messaging.', 'nestjs_tracing.message.'];

export interface TreeRenderOptions {
  attributes?: readonly string[];
}

/** One line under a span: a child span, or the text of an event or of the error. */
interface Item {
  text?: string;
  span?: ReadableSpan;
}

/** Orders two times exactly (as nanoseconds since 1970 they no longer fit a double). */
export function compareHrTime(a: HrTime, b: HrTime): number {
  return a[0] - b[0] || a[1] - b[1];
}

function formatDuration(span: ReadableSpan): string {
  const ms = hrTimeToMilliseconds(span.duration);
  return ms >= 10 ? `${Math.round(ms)}ms` : `${ms.toFixed(1)}ms`;
}

function formatValue(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

function attributeText(span: ReadableSpan, options: TreeRenderOptions): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(span.attributes)) {
    const shown = options.attributes
      ? options.attributes.includes(key)
      : !PROTOCOL_PREFIXES.some((prefix) => key.startsWith(prefix));
    if (shown && value !== undefined) parts.push(`${key}=${formatValue(value)}`);
  }
  return parts.join(' ');
}

/**
 * `[500]` for HTTP, `[grpc 5]` for gRPC, `[nats]` for a message: the outcome, or the transport,
 * a reader looks for first.
 */
function statusText(span: ReadableSpan): string {
  const http = span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE];
  if (http !== undefined) return `[${http}]`;
  const rpc = span.attributes[ATTR_RPC_STATUS_CODE];
  if (rpc !== undefined) return `[grpc ${rpc}]`;
  const messaging = span.attributes['messaging.system'];
  return messaging !== undefined ? `[${String(messaging)}]` : '';
}

function spanLine(span: ReadableSpan, rootService: unknown, options: TreeRenderOptions): string {
  const service = span.resource.attributes[ATTR_SERVICE_NAME];
  const parts = [span.name];
  if (service !== rootService) parts.push(`(${String(service)})`);
  parts.push(formatDuration(span), statusText(span), attributeText(span, options));
  return parts.filter(Boolean).join('  ');
}

function exceptionMessage(span: ReadableSpan): unknown {
  return span.events.find((event) => event.name === 'exception')?.attributes?.[ATTR_EXCEPTION_MESSAGE];
}

/** A child's middle, in microseconds since 1970 (exact enough: below 2^53). */
function middleOf(span: ReadableSpan): number {
  return hrTimeToMicroseconds(span.startTime) + hrTimeToMicroseconds(span.duration) / 2;
}

/** A log line: `log: message`, its severity first when it is not an ordinary info line. */
function logText(event: TimedEvent): string {
  const severity = event.attributes?.[ATTR_LOG_SEVERITY];
  const message = String(event.attributes?.[ATTR_LOG_MESSAGE] ?? '');
  return severity === 'INFO' || severity === undefined ? `log: ${message}` : `log: ${String(severity)} ${message}`;
}

function eventText(event: TimedEvent): string {
  if (event.name === LOG_EVENT) return logText(event);
  if (event.name !== 'exception') return `event: ${event.name}`;
  return `exception: ${String(event.attributes?.[ATTR_EXCEPTION_MESSAGE] ?? '')}`;
}

/**
 * What is printed under a span: its children (by start) and its events (as recorded), merged
 * in the order they happened, then the `ERROR` line (the status is known when the span ends).
 * The SDK stamps a span's start with `Date.now()`, in whole milliseconds, and its events
 * finer, so an event is placed before a child when it is earlier than the child's middle:
 * right for events added between calls to children 2ms or longer, whatever the rounding.
 * The exception event of an ERROR span is that line; an exception on a span that did not
 * fail (an HTTP 4xx) is shown where it happened.
 */
function itemsUnder(span: ReadableSpan, kids: readonly ReadableSpan[]): Item[] {
  const isError = span.status.code === SpanStatusCode.ERROR;
  const items: Item[] = [];
  let next = 0;
  for (const event of span.events) {
    if (event.name === 'exception' && isError) continue;
    const time = hrTimeToMicroseconds(event.time);
    while (next < kids.length && middleOf(kids[next]) <= time) items.push({ span: kids[next++] });
    items.push({ text: eventText(event) });
  }
  while (next < kids.length) items.push({ span: kids[next++] });
  if (isError) items.push({ text: `ERROR ${String(span.status.message ?? exceptionMessage(span) ?? '')}`.trimEnd() });
  return items;
}

/**
 * Draws one trace as the tree users see in the console: the root line with name, trace id and
 * duration, then children with `├──`/`└──`, each line's events and children in time order.
 */
export function renderTraceTree(root: ReadableSpan, children: Map<string, ReadableSpan[]>, options: TreeRenderOptions = {}): string {
  const rootService = root.resource.attributes[ATTR_SERVICE_NAME];
  const head = [root.name, root.spanContext().traceId, formatDuration(root), statusText(root), attributeText(root, options)];
  const lines = [head.filter(Boolean).join('  ')];
  const walk = (span: ReadableSpan, indent: string): void => {
    const items = itemsUnder(span, children.get(span.spanContext().spanId) ?? []);
    items.forEach((item, index) => {
      const last = index === items.length - 1;
      const branch = last ? '└── ' : '├── ';
      if (item.span) {
        lines.push(indent + branch + spanLine(item.span, rootService, options));
        walk(item.span, indent + (last ? '    ' : '│   '));
      } else {
        lines.push(indent + branch + item.text);
      }
    });
  };
  walk(root, '');
  return lines.join('\n') + '\n';
}
