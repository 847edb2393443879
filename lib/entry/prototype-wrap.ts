export type Method = (this: unknown, ...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * One method of a framework class (the step where Nest registers a handler), wrapped on its
 * prototype while some app needs it: the first `acquire` installs the wrapper, the last
 * `release` puts the original back, unless someone wrapped ours since (theirs then stays).
 */
export class PrototypeWrap {
  private static readonly wraps = new WeakMap<object, Map<string, PrototypeWrap>>();

  /** The one wrap of `prototype[method]` in this process, made with `wrap` the first time. */
  static of(prototype: Record<string, unknown>, method: string, wrap: (original: Method) => Method): PrototypeWrap {
    let byMethod = PrototypeWrap.wraps.get(prototype);
    if (byMethod === undefined) PrototypeWrap.wraps.set(prototype, (byMethod = new Map()));
    let existing = byMethod.get(method);
    if (existing === undefined) byMethod.set(method, (existing = new PrototypeWrap(prototype, method, wrap)));
    return existing;
  }

  private original: Method | undefined;
  private wrapper: Method | undefined;
  private users = 0;

  private constructor(
    private readonly prototype: Record<string, unknown>,
    private readonly method: string,
    private readonly wrap: (original: Method) => Method,
  ) {}

  /** False when the class has no such method (another version of the package): nothing is wrapped. */
  acquire(): boolean {
    if (this.users === 0) {
      const original = this.prototype[this.method];
      if (typeof original !== 'function') return false;
      this.original = original as Method;
      this.prototype[this.method] = this.wrapper = this.wrap(this.original);
    }
    this.users += 1;
    return true;
  }

  release(): void {
    if (this.users === 0 || --this.users > 0) return;
    if (this.prototype[this.method] === this.wrapper) this.prototype[this.method] = this.original;
    this.original = this.wrapper = undefined;
  }
}

