import { Context, HrTime, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_SERVICE_NAME, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { ConsoleExporterOptions } from '../tracing.options';
import { ConsoleTreeExporter, MAX_PENDING_TRACES, MAX_SPANS_PER_TRACE } from './console-tree.exporter';

/** A provider whose spans go to a console tree exporter that writes into `output`. */
function setup(options: ConsoleExporterOptions = {}, serviceName = 'orders') {
  const output: string[] = [];
  const exporter = new ConsoleTreeExporter({ ...options, write: (text) => output.push(text) });
  const provider = providerFor(exporter, serviceName);
  return { output, exporter, tracer: provider.getTracer('test') };
}

function providerFor(exporter: ConsoleTreeExporter, serviceName: string): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
}

const under = (span: Span): Context => trace.setSpan(ROOT_CONTEXT, span);
/** A time `millis` after a fixed instant, so durations are inputs of the test, not measurements. */
const at = (millis: number): HrTime => [1_800_000_000 + Math.floor(millis / 1000), (millis % 1000) * 1_000_000];
/** Durations measured by the clock are replaced, never asserted. */
const withoutDurations = (text: string) => text.replace(/ {2}\d+(\.\d)?ms\b/g, '  <d>');

describe('ConsoleTreeExporter', () => {
  afterEach(() => jest.useRealTimers());

  it("prints DESIGN.md's picture: trace id, durations, chosen attributes, an event and the error", () => {
    const { output, tracer } = setup({ attributes: ['user.id', 'product.id', 'order.amount'] });
    const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, startTime: at(0) });
    root.setAttributes({ [ATTR_HTTP_REQUEST_METHOD]: 'POST', 'order.id': 'ord-1' });
    const users = tracer.startSpan('UsersService.validate', { startTime: at(5), attributes: { 'user.id': '123' } }, under(root));
    const inventory = tracer.startSpan('InventoryService.check', { startTime: at(20), attributes: { 'product.id': '456' } }, under(root));
    inventory.addEvent('low_stock', { 'inventory.stock': 3 }, at(40));
    const payments = tracer.startSpan('PaymentsService.charge', { startTime: at(60), attributes: { 'order.amount': 99.99 } }, under(root));
    payments.recordException(new Error('insufficient balance'), at(250));
    payments.setStatus({ code: SpanStatusCode.ERROR, message: 'insufficient balance' });
    // Ended out of their start order: the tree still follows start times.
    payments.end(at(260));
    inventory.end(at(70));
    users.end(at(15));
    expect(output).toEqual([]);
    root.end(at(265));

    const traceId = root.spanContext().traceId;
    expect(output).toEqual([
      [
        `POST /orders  ${traceId}  265ms`,
        '├── UsersService.validate  10ms  user.id=123',
        '├── InventoryService.check  50ms  product.id=456',
        '│   └── event: low_stock',
        '└── PaymentsService.charge  200ms  order.amount=99.99',
        '    └── ERROR insufficient balance',
        '',
      ].join('\n'),
    ]);
  });

  it('by default hides protocol attributes, shows the HTTP status, the other services and short durations', () => {
    const { output, exporter, tracer } = setup();
    const paymentsTracer = providerFor(exporter, 'payments').getTracer('test');
    const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, startTime: at(0) });
    root.setAttributes({ [ATTR_URL_PATH]: '/orders', [ATTR_HTTP_RESPONSE_STATUS_CODE]: 422, 'order.id': 'ord-1' });
    const client = tracer.startSpan('PaymentsClient.charge', { kind: SpanKind.CLIENT, startTime: at(1) }, under(root));
    const server = paymentsTracer.startSpan('POST /payments/charge', { kind: SpanKind.SERVER, startTime: at(2) }, under(client));
    server.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, 402);
    server.recordException(new Error('insufficient balance'), at(3));
    server.end(at(4.5));
    client.end(at(5));
    root.end(at(6));

    expect(output).toEqual([
      [
        `POST /orders  ${root.spanContext().traceId}  6.0ms  [422]  order.id=ord-1`,
        '└── PaymentsClient.charge  4.0ms',
        '    └── POST /payments/charge  (payments)  2.5ms  [402]',
        '        └── exception: insufficient balance',
        '',
      ].join('\n'),
    ]);
  });

  it('nests deeper levels with │ and places events among children by time, the ERROR line last', () => {
    const { output, tracer } = setup();
    const root = tracer.startSpan('process_order', { startTime: at(0) });
    root.addEvent('validating_order', {}, at(1));
    const users = tracer.startSpan('UsersClient.validate', { startTime: at(2) }, under(root));
    const query = tracer.startSpan('SELECT users', { startTime: at(3) }, under(users));
    query.end(at(4));
    users.end(at(5));
    root.addEvent('order_validated', {}, at(6));
    const payments = tracer.startSpan('PaymentsClient.charge', { startTime: at(7) }, under(root));
    payments.end(at(8));
    root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
    root.end(at(9));

    expect(withoutDurations(output.join(''))).toBe(
      [
        `process_order  ${root.spanContext().traceId}  <d>`,
        '├── event: validating_order',
        '├── UsersClient.validate  <d>',
        '│   └── SELECT users  <d>',
        '├── event: order_validated',
        '├── PaymentsClient.charge  <d>',
        '└── ERROR payment declined',
        '',
      ].join('\n'),
    );
  });

  it('keeps an event added just before a call before that child, although the child start is rounded down to the millisecond', () => {
    const { output, tracer } = setup();
    const root = tracer.startSpan('process_order', { startTime: at(0) });
    root.addEvent('validating_order', {}, [at(2)[0], at(2)[1] + 400_000]); // 2.4ms
    const users = tracer.startSpan('UsersClient.validate', { startTime: at(2) }, under(root)); // really 2.5ms
    users.end(at(6));
    root.addEvent('order_validated', {}, [at(6)[0], at(6)[1] + 100_000]);
    root.end(at(7));
    expect(withoutDurations(output.join(''))).toBe(
      `process_order  ${root.spanContext().traceId}  <d>\n├── event: validating_order\n├── UsersClient.validate  <d>\n└── event: order_validated\n`,
    );
  });

  it('prints a trace once, whole, when its local root ends after spans that ended earlier', () => {
    const { output, tracer } = setup();
    const root = tracer.startSpan('root');
    const child = tracer.startSpan('child', {}, under(root));
    const grandchild = tracer.startSpan('grandchild', {}, under(child));
    grandchild.end();
    child.end();
    expect(output).toEqual([]);
    root.end();
    expect(output).toHaveLength(1);
    expect(withoutDurations(output[0])).toBe(`root  ${root.spanContext().traceId}  <d>\n└── child  <d>\n    └── grandchild  <d>\n`);
  });

  describe('a root whose parent is remote (two Nest apps sharing one provider)', () => {
    const graceMillis = 200;
    /** The downstream app's SERVER span, child of the caller's CLIENT span as read from `traceparent`. */
    function remoteChild(tracer: ReturnType<typeof setup>['tracer'], client: Span): Span {
      const remote = trace.wrapSpanContext({ ...client.spanContext(), isRemote: true, traceFlags: TraceFlags.SAMPLED });
      return tracer.startSpan('GET /inventory/:productId', { kind: SpanKind.SERVER }, under(remote));
    }

    beforeEach(() => jest.useFakeTimers({ doNotFake: ['Date', 'performance', 'hrtime', 'nextTick', 'queueMicrotask', 'setImmediate'] }));

    it('waits graceMillis and merges into one tree when its local parent ends within it', () => {
      const { output, tracer } = setup({ graceMillis });
      const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
      const client = tracer.startSpan('InventoryClient.check', { kind: SpanKind.CLIENT }, under(root));
      remoteChild(tracer, client).end();
      jest.advanceTimersByTime(graceMillis - 1);
      expect(output).toEqual([]);
      client.end();
      root.end();
      expect(output.map(withoutDurations)).toEqual([
        `POST /orders  ${root.spanContext().traceId}  <d>\n└── InventoryClient.check  <d>\n    └── GET /inventory/:productId  <d>\n`,
      ]);
      jest.advanceTimersByTime(graceMillis);
      expect(output).toHaveLength(1);
    });

    it('is printed as its own tree once graceMillis pass without its parent (a caller in another process)', () => {
      const { output, tracer } = setup({ graceMillis });
      const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
      const server = remoteChild(tracer, root);
      tracer.startSpan('InventoryService.check', {}, under(server)).end();
      server.end();
      jest.advanceTimersByTime(graceMillis - 1);
      expect(output).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(output.map(withoutDurations)).toEqual([
        `GET /inventory/:productId  ${root.spanContext().traceId}  <d>\n└── InventoryService.check  <d>\n`,
      ]);
    });
  });

  it('holds a trace that sent a message graceMillis after its root ends, so the consumer joins its tree', () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'performance', 'hrtime', 'nextTick', 'queueMicrotask', 'setImmediate'] });
    const { output, tracer } = setup({ graceMillis: 100 });
    const root = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER });
    const producer = tracer.startSpan('send order.placed', { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'tcp' } }, under(root));
    producer.end();
    root.end();
    expect(output).toEqual([]);
    const remote = trace.wrapSpanContext({ ...producer.spanContext(), isRemote: true });
    tracer.startSpan('process order.placed', { kind: SpanKind.CONSUMER, attributes: { 'messaging.system': 'tcp' } }, under(remote)).end();
    jest.advanceTimersByTime(99);
    expect(output).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(output.map(withoutDurations)).toEqual([
      `POST /orders  ${root.spanContext().traceId}  <d>\n└── send order.placed  <d>  [tcp]\n    └── process order.placed  <d>  [tcp]\n`,
    ]);
  });

  it('prints a span that ends after its trace was printed graceMillis later, on its own', () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'performance', 'hrtime', 'nextTick', 'queueMicrotask', 'setImmediate'] });
    const { output, tracer } = setup({ graceMillis: 100 });
    const root = tracer.startSpan('POST /orders');
    const background = tracer.startSpan('send_receipt', {}, under(root));
    root.end();
    expect(output).toHaveLength(1);
    background.end();
    jest.advanceTimersByTime(100);
    expect(output.map(withoutDurations)).toEqual([
      `POST /orders  ${root.spanContext().traceId}  <d>\n`,
      `send_receipt  ${root.spanContext().traceId}  <d>\n`,
    ]);
  });

  it(`keeps at most ${MAX_PENDING_TRACES} traces waiting, printing the oldest to make room`, () => {
    const { output, tracer } = setup();
    const roots = Array.from({ length: MAX_PENDING_TRACES + 1 }, (_, i) => tracer.startSpan(`root ${i}`));
    roots.slice(0, MAX_PENDING_TRACES).forEach((root, i) => tracer.startSpan(`child ${i}`, {}, under(root)).end());
    expect(output).toEqual([]);
    tracer.startSpan(`child ${MAX_PENDING_TRACES}`, {}, under(roots[MAX_PENDING_TRACES])).end();
    expect(output.map(withoutDurations)).toEqual([`child 0  ${roots[0].spanContext().traceId}  <d>\n`]);
  });

  it(`prints a trace early once it holds ${MAX_SPANS_PER_TRACE} spans`, () => {
    const { output, tracer } = setup();
    const root = tracer.startSpan('batch');
    for (let i = 0; i < MAX_SPANS_PER_TRACE - 1; i++) tracer.startSpan('item', {}, under(root)).end();
    expect(output).toEqual([]);
    tracer.startSpan('item', {}, under(root)).end();
    expect(output.join('').match(/^item {2}/gm)).toHaveLength(MAX_SPANS_PER_TRACE);
  });

  it('prints what is pending on forceFlush and shutdown, and nothing twice', async () => {
    const { output, exporter, tracer } = setup();
    const first = tracer.startSpan('first');
    const second = tracer.startSpan('second');
    tracer.startSpan('step', {}, under(first)).end();
    await exporter.forceFlush();
    expect(output.map(withoutDurations)).toEqual([`step  ${first.spanContext().traceId}  <d>\n`]);
    tracer.startSpan('other step', {}, under(second)).end();
    await exporter.shutdown();
    expect(output.map(withoutDurations)).toEqual([
      `step  ${first.spanContext().traceId}  <d>\n`,
      `other step  ${second.spanContext().traceId}  <d>\n`,
    ]);
    await exporter.forceFlush();
    expect(output).toHaveLength(2);
  });
});
