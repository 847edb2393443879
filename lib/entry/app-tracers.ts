/**
 * The tracers of the running apps that declared each handler key (a message pattern, a class
 * with `@Cron` or `@OnEvent` methods), so that several apps of one process each record their
 * own work. When apps share a key, the one started last records it, and the one before again
 * once that app closes.
 */
export class AppTracers<Tracer, Key = string> {
  private readonly byKey = new Map<Key, Tracer[]>();

  constructor(private readonly keyOf: (declared: unknown) => Key) {}

  add(declared: unknown[], tracer: Tracer): void {
    for (const key of new Set(declared.map(this.keyOf))) this.byKey.set(key, [...(this.byKey.get(key) ?? []), tracer]);
  }

  tracerOf(key: Key): Tracer | undefined {
    return this.byKey.get(key)?.at(-1);
  }

  /** No running app declared any key. */
  isEmpty(): boolean {
    return this.byKey.size === 0;
  }

  /** Stops tracing the keys `tracer`'s app declared (the app is closing); false if it had none. */
  remove(tracer: Tracer): boolean {
    let found = false;
    for (const [key, tracers] of this.byKey) {
      const rest = tracers.filter((owner) => owner !== tracer);
      found ||= rest.length < tracers.length;
      if (rest.length > 0) this.byKey.set(key, rest);
      else this.byKey.delete(key);
    }
    return found;
  }
}

/** The classes whose methods (up the prototype chain, as Nest looks for handlers) carry `metadataKey`. */
export function classesDeclaring(metatypes: Array<Function | null | undefined>, metadataKey: string): Function[] {
  return metatypes.filter((metatype): metatype is Function => typeof metatype === 'function' && declares(metatype, metadataKey));
}

function declares(metatype: Function, metadataKey: string): boolean {
  for (let prototype = metatype.prototype; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    for (const key of Object.getOwnPropertyNames(prototype)) {
      const method = Object.getOwnPropertyDescriptor(prototype, key)?.value;
      if (typeof method === 'function' && Reflect.getMetadata(metadataKey, method) !== undefined) return true;
    }
  }
  return false;
}

/** The class of a handler instance, the key `AppTracers` of handler classes use. */
export function classOf(instance: unknown): Function | undefined {
  return instance !== null && typeof instance === 'object' ? (instance.constructor as Function | undefined) : undefined;
}
