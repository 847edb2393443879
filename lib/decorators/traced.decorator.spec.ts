import 'reflect-metadata';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Traced } from './traced.decorator';
import { useGlobalTestProvider } from '../../test/support/global-test-provider';

const exporter = useGlobalTestProvider();


function only(name: string): ReadableSpan {
  const spans = exporter.findAll(name);
  expect(spans).toHaveLength(1);
  return spans[0];
}

function isChildOf(child: ReadableSpan, parent: ReadableSpan): boolean {
  return (
    child.spanContext().traceId === parent.spanContext().traceId &&
    child.parentSpanContext?.spanId === parent.spanContext().spanId
  );
}

class Billing {
  readonly currency = 'EUR';

  @Traced()
  total(a: number, b: number): string {
    return `${a + b} ${this.currency}`;
  }

  @Traced({ name: 'charge_card', kind: SpanKind.CLIENT, attributes: { 'billing.provider': 'acme' } })
  charge(amount: number): number {
    if (amount < 0) throw new RangeError('negative amount');
    return amount;
  }

  @Traced({ attributesFromArgs: (id: string, amount: number) => ({ 'invoice.id': id, 'invoice.amount': amount }) })
  invoice(id: string, amount: number): string {
    return `${id}:${amount}`;
  }

  @Traced('custom_name')
  named(): void {}
}

describe('@Traced on a method', () => {
  it('records a span named ClassName.method and keeps this, arguments and the return value', () => {
    const billing = new Billing();
    expect(billing.total(2, 3)).toBe('5 EUR');
    const span = only('Billing.total');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.ended).toBe(true);
  });

  it('keeps the name and length of the original function', () => {
    expect(Billing.prototype.total.name).toBe('total');
    expect(Billing.prototype.total.length).toBe(2);
    expect(Billing.prototype.invoice.length).toBe(2);
  });

  it('uses the name, kind and attributes given in the options', () => {
    new Billing().charge(10);
    const span = only('charge_card');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes['billing.provider']).toBe('acme');
    new Billing().named();
    only('custom_name');
  });

  it('Traced.db makes a database CLIENT span with the drivers\' name and attributes', async () => {
    class SessionStore {
      @Traced.db({ system: 'redis', operation: 'GET', collection: 'sessions', namespace: '0' })
      async get(id: string) {
        return `session ${id}`;
      }

      @Traced.db({ system: 'acme-kv' })
      scan() {
        return [];
      }
    }
    expect(await new SessionStore().get('7')).toBe('session 7');
    const span = only('GET sessions');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'GET',
      'db.collection.name': 'sessions',
      'db.namespace': '0',
    });
    new SessionStore().scan();
    expect(only('acme-kv').attributes).toEqual({ 'db.system.name': 'acme-kv' });
  });

  it('records attributes built by attributesFromArgs', () => {
    expect(new Billing().invoice('inv-1', 12.5)).toBe('inv-1:12.5');
    expect(only('Billing.invoice').attributes).toEqual({ 'invoice.id': 'inv-1', 'invoice.amount': 12.5 });
  });

  it('rethrows the same error object on a sync throw, with ERROR status and an exception event', () => {
    let thrown: unknown;
    try {
      new Billing().charge(-1);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RangeError);
    const span = only('charge_card');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'negative amount' });
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
    expect(span.events[0].attributes?.['exception.type']).toBe('RangeError');
    expect(span.events[0].attributes?.['exception.message']).toBe('negative amount');
  });

  it('parents a nested traced call to the outer span', () => {
    class Outer {
      constructor(private readonly billing: Billing) {}
      @Traced()
      run() {
        return this.billing.total(1, 1);
      }
    }
    new Outer(new Billing()).run();
    expect(isChildOf(only('Billing.total'), only('Outer.run'))).toBe(true);
  });
});

describe('@Traced on a class', () => {
  class Base {
    inherited() {
      return 'base';
    }
  }

  @Traced({ kind: SpanKind.SERVER, attributes: { layer: 'service' } })
  class Orders extends Base {
    constructor(private readonly prefix = 'order') {
      super();
    }

    create(id: number) {
      return `${this.prefix}-${id}`;
    }

    async load(id: number) {
      return { id };
    }

    get label() {
      return 'orders';
    }

    @Traced({ name: 'orders.cancel', kind: SpanKind.INTERNAL })
    cancel() {
      return true;
    }
  }

  it('traces every own prototype method with the class options and keeps this', async () => {
    const orders = new Orders('o');
    expect(orders.create(7)).toBe('o-7');
    await expect(orders.load(3)).resolves.toEqual({ id: 3 });
    const create = only('Orders.create');
    expect(create.kind).toBe(SpanKind.SERVER);
    expect(create.attributes.layer).toBe('service');
    only('Orders.load');
  });

  it('names each span after its method even when the class decorator has a name', () => {
    @Traced('ledger')
    class Ledger {
      credit() {
        return 1;
      }
      debit() {
        return -1;
      }
    }
    new Ledger().credit();
    new Ledger().debit();
    expect(exporter.spanNames).toEqual(['Ledger.credit', 'Ledger.debit']);
  });

  it('skips the constructor, accessors and inherited methods', () => {
    const orders = new Orders();
    expect(orders.label).toBe('orders');
    expect(orders.inherited()).toBe('base');
    expect(exporter.spans).toHaveLength(0);
    expect(Object.getOwnPropertyDescriptor(Orders.prototype, 'label')?.get).toBeDefined();
  });

  it('lets a method-level @Traced win over the class options', () => {
    expect(new Orders().cancel()).toBe(true);
    const span = only('orders.cancel');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes.layer).toBeUndefined();
    expect(exporter.spans).toHaveLength(1);
  });

  it('keeps name and length of every wrapped method', () => {
    expect(Orders.prototype.create.name).toBe('create');
    expect(Orders.prototype.create.length).toBe(1);
  });
});

describe('@Traced misuse', () => {
  it('says what is wrong when applied to something that is not a method', () => {
    const decorate = () =>
      Traced()(class Thing {}.prototype, 'field', { value: 42, writable: true, configurable: true });
    expect(decorate).toThrow(/applies to methods; Thing.field is not one/);
  });
});
