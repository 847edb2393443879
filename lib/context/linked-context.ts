import { Context, INVALID_SPAN_CONTEXT, Span, trace } from '@opentelemetry/api';

/** Past this many links, a context is folded back into its base one, so look-ups stay short. */
const MAX_DEPTH = 16;

/**
 * A `Context` that adds one value to its parent without copying it: `setValue` and
 * `deleteValue` are O(1), where the API's own context copies its whole map each time. Reads
 * walk up to the first link that holds the key, then ask the base context (ROOT_CONTEXT or any
 * context other code made), so it mixes freely with contexts from elsewhere.
 */
export class LinkedContext implements Context {
  private readonly depth: number;

  constructor(
    private readonly parent: Context,
    private readonly key: symbol,
    private readonly value: unknown,
  ) {
    this.depth = parent instanceof LinkedContext ? parent.depth + 1 : 1;
  }

  getValue(key: symbol): unknown {
    let node: Context = this;
    while (node instanceof LinkedContext) {
      if (node.key === key) return node.value;
      node = node.parent;
    }
    return node.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this.depth >= MAX_DEPTH ? this.fold() : this, key, value);
  }

  /** An undefined value hides the parent's: `getValue` answers undefined, as after a delete. */
  deleteValue(key: symbol): Context {
    return this.setValue(key, undefined);
  }

  /** The same values on the base context, through its own setValue/deleteValue. */
  private fold(): Context {
    const links: LinkedContext[] = [];
    let node: Context = this;
    while (node instanceof LinkedContext) {
      links.push(node);
      node = node.parent;
    }
    let folded = node;
    for (let i = links.length - 1; i >= 0; i--) {
      const { key, value } = links[i];
      folded = value === undefined ? folded.deleteValue(key) : folded.setValue(key, value);
    }
    return folded;
  }
}

/** The API's key for the active span, learnt through the Context interface (no internals). */
function learnSpanKey(): symbol {
  let learnt: symbol | undefined;
  const probe: Context = {
    getValue: () => undefined,
    setValue(key) {
      learnt = key;
      return probe;
    },
    deleteValue: () => probe,
  };
  trace.setSpan(probe, trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  if (learnt === undefined) throw new Error('nestjs-tracing: the OpenTelemetry API did not set its span key');
  return learnt;
}

const SPAN_KEY = learnSpanKey();

/** `trace.setSpan(parent, span)`, in O(1). */
export function contextWithSpan(parent: Context, span: Span): Context {
  return parent instanceof LinkedContext ? parent.setValue(SPAN_KEY, span) : new LinkedContext(parent, SPAN_KEY, span);
}
