import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { compareHrTime, renderTraceTree, TreeRenderOptions } from './render-trace-tree';

function byStart(a: ReadableSpan, b: ReadableSpan): number {
  return compareHrTime(a.startTime, b.startTime);
}

/**
 * Draws the spans of one trace as console trees, one string per tree: each span whose parent
 * is not among `spans` roots one (the local root, or a span whose parent has not ended yet).
 */
export function renderTraceTrees(spans: readonly ReadableSpan[], options: TreeRenderOptions = {}): string[] {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of [...spans].sort(byStart)) {
    const parent = span.parentSpanContext?.spanId;
    if (parent === undefined || !ids.has(parent)) {
      roots.push(span);
      continue;
    }
    const siblings = children.get(parent);
    if (siblings) siblings.push(span);
    else children.set(parent, [span]);
  }
  return roots.map((root) => renderTraceTree(root, children, options));
}
