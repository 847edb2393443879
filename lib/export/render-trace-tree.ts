import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { ATTR_EXCEPTION_MESSAGE, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_RPC_STATUS_CODE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** Attribute name prefixes the tree leaves out by default: the span name already tells them. */
const PROTOCOL_PREFIXES = ['http.', 'url.', 'server.', 'client.', 'network.', 'user_agent.', 'rpc.', 'error.', 'db.query.'];

export interface TreeRenderOptions {
  attributes?: readonly string[];
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

/** `[500]` for HTTP, `[grpc 5]` for gRPC: the outcome a reader looks for first. */
function statusText(span: ReadableSpan): string {
  const http = span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE];
  if (http !== undefined) return `[${http}]`;
  const rpc = span.attributes[ATTR_RPC_STATUS_CODE];
  return rpc !== undefined ? `[grpc ${rpc}]` : '';
}

function spanLine(span: ReadableSpan, rootService: unknown, options: TreeRenderOptions): string {
  const service = span.resource.attributes[ATTR_SERVICE_NAME];
  const parts = [span.name];
  if (service !== rootService) parts.push(`(${String(service)})`);
  parts.push(formatDuration(span), statusText(span), attributeText(span, options));
  return parts.filter(Boolean).join('  ');
}

/** Events and the error line printed under a span, before its children. */
function detailLines(span: ReadableSpan): string[] {
  const lines: string[] = [];
  const isError = span.status.code === SpanStatusCode.ERROR;
  for (const event of span.events) {
    if (event.name === 'exception') {
      if (!isError) lines.push(`exception: ${String(event.attributes?.[ATTR_EXCEPTION_MESSAGE] ?? '')}`);
    } else {
      lines.push(`event: ${event.name}`);
    }
  }
  if (isError) {
    const exception = span.events.find((event) => event.name === 'exception');
    const message = span.status.message ?? exception?.attributes?.[ATTR_EXCEPTION_MESSAGE] ?? '';
    lines.push(`ERROR ${String(message)}`.trimEnd());
  }
  return lines;
}

/**
 * Draws one trace as the tree users see in the console:
 * the root line with name, trace id and duration, then children with `├──`/`└──`.
 */
export function renderTraceTree(root: ReadableSpan, children: Map<string, ReadableSpan[]>, options: TreeRenderOptions = {}): string {
  const rootService = root.resource.attributes[ATTR_SERVICE_NAME];
  const lines = [`${root.name}  ${root.spanContext().traceId}  ${formatDuration(root)}  ${[statusText(root), attributeText(root, options)].filter(Boolean).join('  ')}`.trimEnd()];
  const walk = (span: ReadableSpan, indent: string): void => {
    const details = detailLines(span);
    const kids = children.get(span.spanContext().spanId) ?? [];
    const items = [...details.map((text) => ({ text, span: undefined })), ...kids.map((kid) => ({ text: '', span: kid }))];
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
