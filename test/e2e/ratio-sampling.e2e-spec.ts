import { Injectable } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { SpanStatusCode } from '@opentelemetry/api';
import { Traced, TraceService, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';

@Injectable()
class Checkout {
  @Traced()
  order() {
    return this.pay();
  }

  @Traced()
  pay() {
    return 'paid';
  }
}

const ROOTS = 2000;
const RATIO = 0.25;

describe('sampler: { ratio } by its effect on the exported spans', () => {
  let moduleRef: TestingModule;
  const exporter = new TestSpanExporter();

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [TracingModule.forRoot({ exporter, sampler: { ratio: RATIO } })],
      providers: [Checkout],
    }).compile();
  });
  afterAll(() => moduleRef.close());

  it(`keeps about ${RATIO * 100} % of ${ROOTS} traces, each one whole`, () => {
    const checkout = moduleRef.get(Checkout);
    for (let i = 0; i < ROOTS; i++) expect(checkout.order()).toBe('paid');

    const roots = exporter.findAll('Checkout.order');
    // Binomial(2000, 0.25): mean 500, standard deviation 19.4; the bounds are 5 of them away.
    expect(roots.length).toBeGreaterThan(400);
    expect(roots.length).toBeLessThan(600);
    for (const root of roots) expect(root.parentSpanContext).toBeUndefined();
    // Children follow their root's decision: one child for each kept root, none for the others.
    const children = exporter.findAll('Checkout.pay');
    expect(children.map((child) => child.parentSpanContext?.spanId).sort()).toEqual(roots.map((root) => root.spanContext().spanId).sort());
    expect(new Set(roots.map((root) => root.spanContext().traceId)).size).toBe(roots.length);
  });
});

@Injectable()
class Refunds {
  @Traced()
  refund(fail: boolean) {
    return this.reverse(fail);
  }

  @Traced()
  reverse(fail: boolean) {
    if (fail) throw new Error('card closed');
    return 'reversed';
  }
}

describe('sampler: { ratio, keep: { errors } } for @Traced roots outside any request', () => {
  let moduleRef: TestingModule;
  const exporter = new TestSpanExporter();
  const FAILING = 40;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [TracingModule.forRoot({ exporter, sampler: { ratio: 0.01, keep: { errors: true } } })],
      providers: [Refunds],
    }).compile();
  });
  afterAll(() => moduleRef.close());

  it('exports every failed root whole and marked kept, about 1 % of the others, and counts each decision', () => {
    const refunds = moduleRef.get(Refunds);
    for (let i = 0; i < ROOTS; i++) {
      const fail = i % (ROOTS / FAILING) === 0;
      if (fail) expect(() => refunds.refund(true)).toThrow('card closed');
      else expect(refunds.refund(false)).toBe('reversed');
    }

    const roots = exporter.findAll('Refunds.refund');
    const failed = roots.filter((root) => root.status.code === SpanStatusCode.ERROR);
    expect(failed).toHaveLength(FAILING);
    for (const root of failed) {
      expect(root.parentSpanContext).toBeUndefined();
      const [child] = exporter.findAll('Refunds.reverse').filter((span) => span.parentSpanContext?.spanId === root.spanContext().spanId);
      expect(child.status.code).toBe(SpanStatusCode.ERROR);
      expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    }
    // Kept after the fact, unless the head sampler kept the trace anyway (about 1 in 100).
    const keptAfterError = failed.filter((root) => root.attributes['sampling.kept'] === 'error');
    expect(keptAfterError.length).toBeGreaterThanOrEqual(FAILING - 3);
    // Binomial(1960, 0.01): mean 19.6, standard deviation 4.4.
    expect(roots.length - FAILING).toBeLessThan(45);
    const stats = moduleRef.get(TraceService).samplingStats;
    expect(stats).toBeDefined();
    expect(stats!.sampled + stats!.dropped).toBe(ROOTS);
    expect(stats!.keptError).toBe(keptAfterError.length);
  });
});
