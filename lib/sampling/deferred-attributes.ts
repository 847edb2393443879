import type { Attributes } from '@opentelemetry/api';
import { reportOnce } from '../diagnostics';

/**
 * With `keep`, the start attributes of an unsampled span (an HTTP request's method, path,
 * headers...) are computed only if its trace is kept: most such spans are never exported.
 */
export class DeferredAttributes {
  private readonly pending = new WeakMap<object, () => Attributes>();

  defer(span: object, compute: () => Attributes): void {
    this.pending.set(span, compute);
  }

  /** Computes the attributes deferred for `span`; none if there are none or computing fails. */
  take(span: object): Attributes {
    const compute = this.pending.get(span);
    if (compute === undefined) return {};
    this.pending.delete(span);
    try {
      return compute();
    } catch (error) {
      reportOnce('deferred-attributes', 'computing the attributes of a span kept after the fact failed; it is exported without them', error);
      return {};
    }
  }
}
