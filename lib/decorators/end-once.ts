import type { Span } from '@opentelemetry/api';

export interface EndOnce {
  (): void;
  isOpen(): boolean;
}

/** Ends the span once, however many of complete/error/unsubscribe/return arrive. */
export function endOnce(span: Span): EndOnce {
  let open = true;
  const end = (() => {
    if (!open) return;
    open = false;
    span.end();
  }) as EndOnce;
  end.isOpen = () => open;
  return end;
}
