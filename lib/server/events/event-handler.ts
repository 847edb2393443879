import type { Attributes } from '@opentelemetry/api';
import { ATTR_CODE_FUNCTION_NAME } from '@opentelemetry/semantic-conventions';

/** The metadata key of `@OnEvent` (read here so that `@nestjs/event-emitter` stays optional). */
export const EVENT_LISTENER_METADATA = 'EVENT_LISTENER_METADATA';

/** The event a handler listens to, as `@OnEvent` declared it (`order.placed`, `order.*`). */
export const ATTR_EVENT_NAME = 'nestjs_tracing.event.name';

interface OnEventMetadata {
  event: unknown;
  options?: unknown;
}

/** What each run of one `@OnEvent` handler is called and carries. */
export interface EventHandler {
  readonly spanName: string;
  readonly attributes: Attributes;
}

/**
 * An event as declared: a wildcard stays as written (`order.*`, like a route template), the
 * namespaces of an array are joined by EventEmitter2's default delimiter, a symbol is its
 * description.
 */
export function eventName(event: unknown): string {
  if (Array.isArray(event)) return event.map(eventName).join('.');
  if (typeof event === 'symbol') return event.description ?? 'Symbol()';
  return String(event);
}

const described = new WeakMap<Function, Map<unknown, EventHandler>>();

function describe(className: string, method: Function, declared: OnEventMetadata[]): EventHandler {
  const event = declared.map(({ event }) => eventName(event)).join(', ');
  return { spanName: `event ${event}`, attributes: { [ATTR_EVENT_NAME]: event, [ATTR_CODE_FUNCTION_NAME]: `${className}.${method.name}` } };
}

/**
 * The `@OnEvent` handler `instance[methodKey]` run for the declaration whose `options` Nest
 * passes (the same object), read once per method. Declarations without options on one method
 * cannot be told apart: their events are named together (`event a, b`).
 */
export function describeEventHandler(instance: object, methodKey: string | symbol, options: unknown): EventHandler | undefined {
  const method = (instance as Record<string | symbol, unknown>)[methodKey];
  if (typeof method !== 'function') return undefined;
  let byOptions = described.get(method);
  if (byOptions === undefined) {
    const metadata = Reflect.getMetadata(EVENT_LISTENER_METADATA, method) as OnEventMetadata | OnEventMetadata[] | undefined;
    if (metadata === undefined) return undefined;
    const declarations = Array.isArray(metadata) ? metadata : [metadata];
    byOptions = new Map();
    for (const declaration of declarations) {
      const sameOptions = declarations.filter((other) => other.options === declaration.options);
      byOptions.set(declaration.options, describe(instance.constructor.name, method, sameOptions));
    }
    described.set(method, byOptions);
  }
  return byOptions.get(options);
}
