import 'reflect-metadata';
import { OnEvent } from '@nestjs/event-emitter';
import { describeEventHandler, eventName } from './event-handler';

describe('eventName: an @OnEvent declaration as a span name', () => {
  it.each([
    ['order.placed', 'order.placed'],
    ['order.*', 'order.*'],
    [['stock', 'reserved'], 'stock.reserved'],
    [['stock', '*'], 'stock.*'],
    [Symbol('audit'), 'audit'],
    [Symbol(), 'Symbol()'],
    [42, '42'],
  ])('%p → %p', (event, name) => {
    expect(eventName(event)).toBe(name);
  });
});

describe('describeEventHandler: the declaration Nest runs, told by its options object', () => {
  const urgent = { async: true };

  class Handlers {
    @OnEvent('order.placed')
    @OnEvent('order.paid', urgent)
    onOrder() {}

    @OnEvent('a')
    @OnEvent('b')
    either() {}

    plain() {}
  }

  it('names each declaration of one method by the options Nest passes with it', () => {
    const handlers = new Handlers();
    const paid = describeEventHandler(handlers, 'onOrder', urgent);
    expect(paid).toEqual({ spanName: 'event order.paid', attributes: { 'nestjs_tracing.event.name': 'order.paid', 'code.function.name': 'Handlers.onOrder' } });
    expect(describeEventHandler(handlers, 'onOrder', undefined)?.spanName).toBe('event order.placed');
    // Read once per method.
    expect(describeEventHandler(handlers, 'onOrder', urgent)).toBe(paid);
  });

  it('names declarations it cannot tell apart together, and nothing for a method without @OnEvent', () => {
    const handlers = new Handlers();
    expect(describeEventHandler(handlers, 'either', undefined)?.spanName).toMatch(/^event (a, b|b, a)$/);
    expect(describeEventHandler(handlers, 'plain', undefined)).toBeUndefined();
    expect(describeEventHandler(handlers, 'missing', undefined)).toBeUndefined();
    expect(describeEventHandler(handlers, 'onOrder', { other: true })).toBeUndefined();
  });
});
