import { Injectable } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { Traced, TracingModule } from 'nestjs-tracing';
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
