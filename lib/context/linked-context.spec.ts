import { createContextKey, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { contextWithSpan, LinkedContext } from './linked-context';

const A = createContextKey('a');
const B = createContextKey('b');
const span = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });

describe('LinkedContext', () => {
  it('reads its own value, then its parents, then the base context', () => {
    const base = ROOT_CONTEXT.setValue(A, 'base-a');
    const ctx = new LinkedContext(base, B, 'b').setValue(A, 'a2');
    expect(ctx.getValue(A)).toBe('a2');
    expect(ctx.getValue(B)).toBe('b');
    expect(new LinkedContext(base, B, 'b').getValue(A)).toBe('base-a');
    expect(ctx.getValue(createContextKey('other'))).toBeUndefined();
  });

  it('never changes the context it was made from', () => {
    const first = new LinkedContext(ROOT_CONTEXT, A, 1);
    const second = first.setValue(A, 2);
    const third = second.deleteValue(A);
    expect([first.getValue(A), second.getValue(A), third.getValue(A)]).toEqual([1, 2, undefined]);
    expect(ROOT_CONTEXT.getValue(A)).toBeUndefined();
  });

  it('hides a base value on delete', () => {
    const ctx = new LinkedContext(ROOT_CONTEXT.setValue(A, 'base'), B, 'b').deleteValue(A);
    expect(ctx.getValue(A)).toBeUndefined();
    expect(ctx.getValue(B)).toBe('b');
  });

  it('keeps every value when a long chain is folded into the base context', () => {
    let ctx = ROOT_CONTEXT.setValue(A, 'base');
    const keys = Array.from({ length: 40 }, (_, i) => createContextKey(`k${i}`));
    keys.forEach((key, i) => (ctx = i === 0 ? new LinkedContext(ctx, key, i) : ctx.setValue(key, i)));
    ctx = ctx.deleteValue(keys[3]);
    expect(keys.map((key) => ctx.getValue(key))).toEqual(keys.map((_, i) => (i === 3 ? undefined : i)));
    expect(ctx.getValue(A)).toBe('base');
  });

  it('holds the span where the API looks for it, whatever the parent', () => {
    for (const parent of [ROOT_CONTEXT, ROOT_CONTEXT.setValue(A, 1), new LinkedContext(ROOT_CONTEXT, B, 2)]) {
      const ctx = contextWithSpan(parent, span);
      expect(trace.getSpan(ctx)).toBe(span);
      expect(trace.getSpan(parent)).toBeUndefined();
      expect(trace.getSpan(trace.deleteSpan(ctx))).toBeUndefined();
      expect(trace.getSpan(ctx.setValue(A, 3))).toBe(span);
    }
  });
});
