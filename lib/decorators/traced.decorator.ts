import { DatabaseCallOptions, databaseCallOptions } from './database-call';
import { compileArgumentsToAttributes } from './arguments-to-attributes';
import { spanAttributeParams } from './span-attribute.decorator';
import { isTracedMethod, traceMethod } from './trace-method';
import type { TracedOptions } from './traced-options';

function normalizeOptions(nameOrOptions: string | TracedOptions | undefined): TracedOptions {
  if (typeof nameOrOptions === 'string') return { name: nameOrOptions };
  return nameOrOptions ?? {};
}

function className(target: object): string {
  return typeof target === 'function' ? target.name : target.constructor.name;
}

function wrapDescriptor(
  prototype: object,
  key: string | symbol,
  descriptor: PropertyDescriptor,
  options: TracedOptions,
  nameFromClass: boolean,
): void {
  const original = descriptor.value;
  if (typeof original !== 'function') {
    throw new TypeError(`@Traced() applies to methods; ${className(prototype)}.${String(key)} is not one`);
  }
  const spanName = (!nameFromClass && options.name) || `${className(prototype)}.${String(key)}`;
  const toAttributes = compileArgumentsToAttributes(spanName, spanAttributeParams(prototype, key), options.attributesFromArgs);
  descriptor.value = traceMethod(original, spanName, options, toAttributes);
}

function traceClass(constructor: Function, options: TracedOptions): void {
  const prototype = constructor.prototype as object;
  for (const key of Reflect.ownKeys(prototype)) {
    if (key === 'constructor') continue;
    const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
    // Accessors and methods already traced on their own are left as they are.
    if (!descriptor || typeof descriptor.value !== 'function' || isTracedMethod(descriptor.value)) continue;
    wrapDescriptor(prototype, key, descriptor, options, true);
    Object.defineProperty(prototype, key, descriptor);
  }
}

/**
 * Runs the method in a child span of the active one, named `ClassName.method` unless a name is
 * given. On a class, traces every method the class itself declares (not inherited ones, not
 * accessors); a method's own `@Traced` wins. Works for methods returning a value, a Promise, an
 * Observable or an async iterator, and never changes what the method returns or throws.
 *
 * @example
 * @Traced('process_order')
 * async process(@SpanAttribute('order.id', (o: Order) => o.id) order: Order) {}
 */
export function Traced(nameOrOptions?: string | TracedOptions): MethodDecorator & ClassDecorator {
  const options = normalizeOptions(nameOrOptions);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (key === undefined) {
      traceClass(target as Function, options);
      return;
    }
    wrapDescriptor(target, key, descriptor!, options, false);
    return descriptor;
  }) as MethodDecorator & ClassDecorator;
}

/**
 * Marks a method that queries a store no driver integration covers (an in-house store, an ORM
 * we do not trace) as a database CLIENT span: `@Traced` with the name and attributes the
 * drivers' spans have. `@SpanAttribute` parameters work as with `@Traced`.
 *
 * @example
 * @Traced.db({ system: 'redis', operation: 'GET', collection: 'sessions' })
 * async session(@SpanAttribute('session.id') id: string) {}
 */
Traced.db = (options: DatabaseCallOptions): MethodDecorator & ClassDecorator => Traced(databaseCallOptions(options));
