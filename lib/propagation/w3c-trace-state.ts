import type { TraceState } from '@opentelemetry/api';
import { isTraceStateKey, isTraceStateValue, MAX_TRACESTATE_MEMBERS, TraceStateEntry } from './tracestate-header';

/**
 * An immutable `tracestate` with the level-2 key grammar (vendor keys with `@` anywhere but
 * first). OpenTelemetry's own `TraceState` drops such keys, so received ones could not be
 * passed on. Mutations follow §3.5: a set key moves to the front, the list keeps at most 32
 * members (the right-most goes), an invalid key or value leaves the state unchanged.
 */
export class W3CTraceState implements TraceState {
  constructor(private readonly entries: readonly TraceStateEntry[] = []) {}

  get(key: string): string | undefined {
    return this.entries.find((entry) => entry[0] === key)?.[1];
  }

  set(key: string, value: string): W3CTraceState {
    if (!isTraceStateKey(key) || !isTraceStateValue(value)) return this;
    const others = this.entries.filter((entry) => entry[0] !== key);
    return new W3CTraceState([[key, value] as const, ...others].slice(0, MAX_TRACESTATE_MEMBERS));
  }

  unset(key: string): W3CTraceState {
    const others = this.entries.filter((entry) => entry[0] !== key);
    return others.length === this.entries.length ? this : new W3CTraceState(others);
  }

  serialize(): string {
    return this.entries.map(([key, value]) => `${key}=${value}`).join(',');
  }
}
