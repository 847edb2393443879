export { TestSpanExporter } from './test-span-exporter';
export type { SpanMatcher } from './test-span-exporter';
