import 'reflect-metadata';
import { propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { TraceService } from './trace.service';
import { useGlobalTestProvider } from '../test/support/global-test-provider';

const exporter = useGlobalTestProvider();
const service = new TraceService();
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('TraceService outside any span', () => {
  it('does nothing and throws nothing', () => {
    expect(service.currentSpan).toBeUndefined();
    expect(service.traceId).toBeUndefined();
    expect(service.spanId).toBeUndefined();
    expect(() => {
      service.addEvent('ignored', { a: 1 });
      service.setAttribute('a', 1);
      service.setAttributes({ b: 2 });
      service.recordError(new Error('nowhere'));
      service.recordError('a string');
      service.setStatus(SpanStatusCode.ERROR, 'nowhere');
    }).not.toThrow();
    expect(service.inject({})).toEqual({});
    expect(exporter.spans).toHaveLength(0);
  });
});

describe('TraceService inside a span', () => {
  it('acts on the active span: events, attributes, error and status', () => {
    service.withSpan('work', (span) => {
      expect(service.currentSpan).toBe(span);
      expect(service.traceId).toBe(span.spanContext().traceId);
      expect(service.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(service.spanId).toMatch(/^[0-9a-f]{16}$/);
      service.addEvent('low_stock', { 'product.id': 456 });
      service.setAttribute('order.id', 'o-1');
      service.setAttributes({ 'order.items': 3, 'order.express': false });
      service.recordError(new TypeError('insufficient balance'));
    });
    const span = exporter.find('work')!;
    expect(span.attributes).toEqual({ 'order.id': 'o-1', 'order.items': 3, 'order.express': false });
    expect(span.events.map((event) => event.name)).toEqual(['low_stock', 'exception']);
    expect(span.events[0].attributes).toEqual({ 'product.id': 456 });
    expect(span.events[1].attributes?.['exception.type']).toBe('TypeError');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'insufficient balance' });
  });

  it('sets a status, with its message for ERROR', () => {
    service.withSpan('ok', () => service.setStatus(SpanStatusCode.OK));
    service.withSpan('quota', () => service.setStatus(SpanStatusCode.ERROR, 'quota exceeded'));
    expect(exporter.find('ok')!.status.code).toBe(SpanStatusCode.OK);
    expect(exporter.find('quota')!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'quota exceeded' });
  });

  it('records an error recorded by hand and then thrown once, keeping the given message', () => {
    const error = new RangeError('row 7 missing');
    expect(() =>
      service.withSpan('lookup', () => {
        service.recordError(error, 'lookup failed');
        throw error;
      }),
    ).toThrow(error);
    const span = exporter.find('lookup')!;
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'lookup failed' });
    expect(span.events.map((event) => [event.name, event.attributes?.['exception.type']])).toEqual([['exception', 'RangeError']]);
  });

  it('still records another error thrown after one recorded by hand', () => {
    expect(() =>
      service.withSpan('two-errors', () => {
        service.recordError(new Error('first'), 'first failed');
        throw new Error('second');
      }),
    ).toThrow('second');
    const span = exporter.find('two-errors')!;
    expect(span.events.map((event) => event.attributes?.['exception.message'])).toEqual(['first', 'second']);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'second' });
  });

  it('records a non-Error without throwing, with the given message', () => {
    service.withSpan('odd', () => service.recordError({ code: 7 }, 'upstream said 7'));
    const span = exporter.find('odd')!;
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'upstream said 7' });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });
});

describe('TraceService child spans', () => {
  it('withSpan makes a child that ends when the returned Promise settles', async () => {
    const result = await service.withSpan('parent', async (parent) => {
      const pending = service.withSpan('child', async () => {
        await tick();
        return 'value';
      });
      expect(exporter.find('child')).toBeUndefined();
      const value = await pending;
      expect(exporter.find('child')).toBeDefined();
      return `${value}:${parent.spanContext().spanId.length}`;
    });
    expect(result).toBe('value:16');
    const parent = exporter.find('parent')!;
    expect(exporter.childrenOf(parent).map((span) => span.name)).toEqual(['child']);
  });

  it('withSpan rejects with the same error and records it', async () => {
    const error = new Error('payment declined');
    await expect(service.withSpan('fails', async () => Promise.reject(error))).rejects.toBe(error);
    expect(exporter.find('fails')!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'payment declined' });
  });

  it('startActiveSpan makes the span active for fn and leaves ending it to fn, like the OpenTelemetry API', async () => {
    await service.withSpan('root', () =>
      service.startActiveSpan(
        'db.query',
        async (span) => {
          expect(service.currentSpan).toBe(span);
          await tick();
          span.end();
        },
        { attributes: { 'db.system.name': 'postgresql' } },
      ),
    );
    const child = exporter.find('db.query')!;
    expect(child.attributes['db.system.name']).toBe('postgresql');
    expect(child.parentSpanContext?.spanId).toBe(exporter.find('root')!.spanContext().spanId);
  });

  it('startSpan makes a child of the active span that is not made active and ends when told', () => {
    service.withSpan('outer', () => {
      const manual = service.startSpan('manual');
      expect(service.currentSpan).not.toBe(manual);
      manual.end();
    });
    const manual = exporter.find('manual')!;
    expect(manual.parentSpanContext?.spanId).toBe(exporter.find('outer')!.spanContext().spanId);
  });
});

describe('TraceService propagation', () => {
  it('round-trips traceparent, tracestate and baggage through inject and extract', () => {
    const incoming = {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'vendor=opaque',
      baggage: 'tenant=acme',
    };
    const extracted = service.extract(incoming, ROOT_CONTEXT);
    const remote = trace.getSpanContext(extracted)!;
    expect(remote).toMatchObject({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', isRemote: true });
    expect(propagation.getBaggage(extracted)?.getEntry('tenant')?.value).toBe('acme');

    const outgoing = service.withContext(extracted, () =>
      service.withSpan('handle', (span) => {
        const headers = service.inject<Record<string, string>>({});
        expect(headers.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${span.spanContext().spanId}-01`);
        return headers;
      }),
    );
    expect(outgoing.tracestate).toBe('vendor=opaque');
    expect(outgoing.baggage).toBe('tenant=acme');
    expect(exporter.find('handle')!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('injects an explicitly given context', () => {
    const span = service.startSpan('explicit');
    const headers = service.inject<Record<string, string>>({}, trace.setSpan(ROOT_CONTEXT, span));
    span.end();
    expect(headers.traceparent).toContain(span.spanContext().spanId);
  });

  it.each(['garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-zz-01'])(
    'gives no parent for a malformed traceparent %j',
    (traceparent) => {
      const extracted = service.extract({ traceparent }, ROOT_CONTEXT);
      expect(trace.getSpanContext(extracted)).toBeUndefined();
      service.withContext(extracted, () => service.withSpan('fresh', () => undefined));
      expect(exporter.find('fresh')!.parentSpanContext).toBeUndefined();
    },
  );
});
