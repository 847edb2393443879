import 'reflect-metadata';
import { context, diag, DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AlwaysOffSampler, BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resetReportedProblems } from '../diagnostics';
import { UNKNOWN_SAMPLER } from '../sampling/build-sampler';
import { TestSpanExporter } from '../testing/test-span-exporter';
import { tracingRuntime } from '../tracing.runtime';
import { SpanAttribute } from './span-attribute.decorator';
import { Traced } from './traced.decorator';

const exporter = new TestSpanExporter();
const recording = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const sampledOut = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();

const warnings: unknown[][] = [];
const spyLogger: DiagLogger = {
  error: () => undefined,
  warn: (...args: unknown[]) => void warnings.push(args),
  info: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
};

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  diag.setLogger(spyLogger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});
afterAll(() => {
  diag.disable();
  context.disable();
  tracingRuntime.reset();
});
beforeEach(() => {
  tracingRuntime.use(recording.getTracer('test'), contextManager, UNKNOWN_SAMPLER);
  exporter.reset();
  warnings.length = 0;
  resetReportedProblems();
});

interface Order {
  id: number;
  customer: { email: string };
}

let mapperCalls = 0;
function countingId(order: Order): number {
  mapperCalls++;
  return order.id;
}

class Checkout {
  @Traced()
  pay(
    @SpanAttribute('order.id', countingId) order: Order,
    @SpanAttribute('payment.method') method: string,
    @SpanAttribute('payment.amount') amount: number,
    @SpanAttribute('payment.card') card: { number: string },
  ): string {
    return `${order.id}:${method}:${amount}:${card.number.length}`;
  }

  @Traced()
  ship(
    @SpanAttribute('order.id', (order: Order) => order.customer.email.toLowerCase()) order: Order,
    @SpanAttribute('shipping.express') express: boolean,
  ): string {
    return express ? 'fast' : 'slow';
  }

  @Traced()
  tags(@SpanAttribute('order.tags') tags: unknown[], @SpanAttribute('order.placed_at') at: Date): number {
    return tags.length + at.getTime() * 0;
  }
}

const order: Order = { id: 42, customer: { email: 'ADA@EXAMPLE.COM' } };

class Notes {
  @Traced()
  add(@SpanAttribute('note.meta') _meta: unknown): string {
    return 'added';
  }

  @Traced({ attributesFromArgs: (meta: unknown) => ({ 'note.kind': 'memo', 'note.meta': meta, 'note.none': null }) })
  tag(_meta: unknown): string {
    return 'tagged';
  }
}

const mapperFailure = new Error('mapper broke');
const getterFailure = new Error('getter broke');

class Refunds {
  @Traced({
    attributesFromArgs: () => {
      throw mapperFailure;
    },
  })
  refund(@SpanAttribute('refund.id') id: string): string {
    return `refunded ${id}`;
  }

  @Traced({
    attributesFromArgs: (_id: string, reason: string) => ({
      'refund.reason': reason,
      get 'refund.account'(): string {
        throw getterFailure;
      },
    }),
  })
  reverse(@SpanAttribute('refund.id') _id: string, _reason: string): string {
    return 'reversed';
  }
}

describe('@SpanAttribute', () => {
  it('records parameters as attributes, through the mapper when given', () => {
    expect(new Checkout().pay(order, 'card', 99.5, { number: '4111' })).toBe('42:card:99.5:4');
    const span = exporter.find('Checkout.pay')!;
    expect(span.attributes).toEqual({ 'order.id': 42, 'payment.method': 'card', 'payment.amount': 99.5 });
  });

  it('never stringifies an object parameter: it is dropped', () => {
    new Checkout().pay(order, 'card', 1, { number: '4111' });
    const span = exporter.find('Checkout.pay')!;
    expect(span.attributes).not.toHaveProperty(['payment.card']);
    expect(JSON.stringify(span.attributes)).not.toContain('4111');
  });

  it('keeps homogeneous arrays and Dates, drops mixed arrays', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    new Checkout().tags(['a', 'b'], at);
    expect(exporter.find('Checkout.tags')!.attributes).toEqual({ 'order.tags': ['a', 'b'], 'order.placed_at': at.toISOString() });
    exporter.reset();
    new Checkout().tags(['a', 1], at);
    expect(exporter.find('Checkout.tags')!.attributes).not.toHaveProperty(['order.tags']);
  });

  it('runs no mapper when the span does not record', () => {
    tracingRuntime.use(sampledOut.getTracer('test'), contextManager, UNKNOWN_SAMPLER);
    mapperCalls = 0;
    for (let i = 0; i < 5; i++) expect(new Checkout().pay(order, 'card', i, { number: '1' })).toBe(`42:card:${i}:1`);
    expect(mapperCalls).toBe(0);
    expect(exporter.spans).toHaveLength(0);
  });

  it('runs the mapper once per recorded call', () => {
    mapperCalls = 0;
    new Checkout().pay(order, 'card', 1, { number: '1' });
    expect(mapperCalls).toBe(1);
  });

  it('goes on when a mapper throws, skips that attribute and warns through diag exactly once', () => {
    const broken = { id: 1 } as unknown as Order;
    for (let i = 0; i < 20; i++) expect(new Checkout().ship(broken, true)).toBe('fast');
    const spans = exporter.findAll('Checkout.ship');
    expect(spans).toHaveLength(20);
    for (const span of spans) expect(span.attributes).toEqual({ 'shipping.express': true });
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0][0])).toMatch(/@SpanAttribute\('order\.id'\) mapper of Checkout\.ship threw/);
    expect(warnings[0][1]).toBeInstanceOf(TypeError);
  });

  it('warns once through diag about a parameter that is not an attribute value, never about null or undefined', () => {
    const notes = new Notes();
    for (const meta of [null, undefined, 'plain']) expect(notes.add(meta)).toBe('added');
    expect(warnings).toEqual([]);
    for (let i = 0; i < 3; i++) expect(notes.add({ secret: 'x' })).toBe('added');
    expect(warnings.map(([message]) => String(message))).toEqual([
      "nestjs-tracing: @SpanAttribute('note.meta') of Notes.add got a value that is not an attribute value; give it a mapper",
    ]);
    expect(exporter.findAll('Notes.add').map((span) => span.attributes)).toEqual([{}, {}, { 'note.meta': 'plain' }, {}, {}, {}]);
  });

  it('keeps what attributesFromArgs returned that is an attribute value and names the rest once through diag', () => {
    const notes = new Notes();
    for (let i = 0; i < 3; i++) expect(notes.tag({ secret: 'x' })).toBe('tagged');
    for (const span of exporter.findAll('Notes.tag')) expect(span.attributes).toEqual({ 'note.kind': 'memo' });
    // null is "no value", not a mistake: only note.meta is named.
    expect(warnings.map(([message]) => String(message))).toEqual([
      'nestjs-tracing: attributesFromArgs of Notes.tag returned values that are not attribute values: note.meta',
    ]);
  });

  it('goes on when attributesFromArgs throws, keeps the @SpanAttribute values and warns through diag exactly once', () => {
    const refunds = new Refunds();
    for (let i = 0; i < 3; i++) expect(refunds.refund(`r${i}`)).toBe(`refunded r${i}`);
    expect(exporter.findAll('Refunds.refund').map((span) => span.attributes)).toEqual([
      { 'refund.id': 'r0' },
      { 'refund.id': 'r1' },
      { 'refund.id': 'r2' },
    ]);
    expect(warnings).toEqual([['nestjs-tracing: attributesFromArgs of Refunds.refund threw; attributes skipped', mapperFailure]]);
  });

  it('goes on when a getter of what attributesFromArgs returned throws, keeps what was read before and warns once', () => {
    const refunds = new Refunds();
    for (let i = 0; i < 3; i++) expect(refunds.reverse('r1', 'duplicate')).toBe('reversed');
    for (const span of exporter.findAll('Refunds.reverse')) {
      expect(span.attributes).toEqual({ 'refund.id': 'r1', 'refund.reason': 'duplicate' });
    }
    expect(exporter.findAll('Refunds.reverse')).toHaveLength(3);
    expect(warnings).toEqual([['nestjs-tracing: reading attributes for Refunds.reverse threw; some were skipped', getterFailure]]);
  });

  it('says what is wrong with an empty attribute name', () => {
    expect(() => SpanAttribute('')).toThrow(/non-empty attribute name/);
  });
});
