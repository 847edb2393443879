import type { ArgumentsHost } from '@nestjs/common';

interface ExceptionFilterPrototype {
  catch(exception: unknown, host: ArgumentsHost): unknown;
}

/**
 * Makes `observe` see every exception a Nest exception filter class handles (its own and its
 * subclasses' calls to `super.catch`), before the filter answers. Installed once per process per
 * `marker`; `observe` must not throw.
 */
export function observeFilterCatch(
  prototype: ExceptionFilterPrototype,
  marker: symbol,
  observe: (exception: unknown, host: ArgumentsHost) => void,
): void {
  const marked = prototype as ExceptionFilterPrototype & { [key: symbol]: true | undefined };
  if (marked[marker]) return;
  const original = prototype.catch;
  prototype.catch = function observedCatch(this: unknown, exception: unknown, host: ArgumentsHost) {
    observe(exception, host);
    return original.call(this, exception, host);
  };
  Object.defineProperty(prototype, marker, { value: true });
}
