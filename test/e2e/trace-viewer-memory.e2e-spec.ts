import { ROOT_CONTEXT, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { Test, TestingModule } from '@nestjs/testing';
import { TRACING_SDK, TracingModule, TracingSdk } from 'nestjs-tracing';
import { heapUsedAfterGc } from '../support/heap';

const SPANS_PER_TRACE = 10;

/** One trace like a small request: a root and nine children with a few attributes each. */
function recordTrace(tracer: Tracer, index: number): void {
  const root = tracer.startSpan('POST /orders', { attributes: { 'http.request.method': 'POST', 'url.path': '/orders', 'order.index': index } });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  for (let child = 1; child < SPANS_PER_TRACE; child++) {
    const span = tracer.startSpan('SELECT order_items', { attributes: { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM order_items WHERE id = ?' } }, parent);
    if (child === SPANS_PER_TRACE - 1) span.setStatus({ code: SpanStatusCode.ERROR, message: 'declined' });
    span.end();
  }
  root.end();
}

describe('trace viewer memory', () => {
  let moduleRef: TestingModule;
  afterEach(() => moduleRef?.close());

  it('stays within its bound: 10,000 traces leave the heap where the first maxTraces put it', async () => {
    moduleRef = await Test.createTestingModule({ imports: [TracingModule.forRoot({ exporter: 'none', quiet: true, viewer: { maxTraces: 100 } })] }).compile();
    const sdk = moduleRef.get<TracingSdk>(TRACING_SDK);
    // Fill the store to its bound, then ten times over, twice: what stays is the last 100 traces.
    for (let index = 0; index < 1_000; index++) recordTrace(sdk.tracer, index);
    const full = heapUsedAfterGc();
    for (let index = 0; index < 10_000; index++) recordTrace(sdk.tracer, index);
    const after = heapUsedAfterGc();
    expect(sdk.viewerStore!.size).toBe(100);
    expect(sdk.viewerStore!.all().every((trace) => trace.spans.length === SPANS_PER_TRACE)).toBe(true);
    // 10,000 traces of 10 spans held would be tens of megabytes; evicted ones are freed.
    expect(after - full).toBeLessThan(4 * 2 ** 20);
  });
});
