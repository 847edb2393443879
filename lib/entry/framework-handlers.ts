import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../diagnostics';
import { AppTracers, classesDeclaring, classOf } from './app-tracers';
import { Method, PrototypeWrap } from './prototype-wrap';

/** Where a Nest package runs the handlers an app declares with one of its decorators. */
export interface HandlerRunner {
  /** What is traced, for diagnostics: `scheduled jobs`, `@OnEvent handlers`. */
  readonly what: string;
  /** The Reflect metadata key the decorator puts on each handler method. */
  readonly metadataKey: string;
  /** The package's provider class that runs them (not exported: found among the app's providers). */
  readonly className: string;
  readonly method: string;
}

/**
 * The handlers one Nest package runs for the apps that trace: its provider's `method` wrapped on
 * the prototype of the copy the app runs while some app traces (no `require`, so the package
 * stays an optional peer), and the tracer of the app that declared each handler class.
 */
export class FrameworkHandlers<Tracer> {
  private readonly tracers = new AppTracers<Tracer, unknown>((declared) => declared);
  private readonly acquired = new Map<Tracer, PrototypeWrap>();

  /** `wrap` makes the traced method; it asks `tracerOf(instance)` whether a handler is traced. */
  constructor(
    private readonly runner: HandlerRunner,
    private readonly wrap: (original: Method) => Method,
  ) {}

  /** The tracer of the app whose class `instance` is, if it traces. */
  tracerOf(instance: unknown): Tracer | undefined {
    return this.tracers.tracerOf(classOf(instance));
  }

  /** Done while the app's providers are created, before the package looks for its handlers. */
  trace(discovery: DiscoveryService, tracer: Tracer): void {
    try {
      this.traceApp(discovery, tracer);
    } catch (error) {
      reportOnce(`runner-setup:${this.runner.className}`, `setting up the tracing of ${this.runner.what} failed; they are not traced`, error);
    }
  }

  private traceApp(discovery: DiscoveryService, tracer: Tracer): void {
    const metatypes = [...discovery.getProviders(), ...discovery.getControllers()].map((wrapper) => wrapper.metatype as Function | null | undefined);
    const classes = classesDeclaring(metatypes, this.runner.metadataKey);
    if (classes.length === 0) return;
    const { className, method, what } = this.runner;
    const runnerClass = metatypes.find((metatype) => typeof metatype === 'function' && metatype.name === className);
    // Without the package's module imported, Nest runs none of these handlers: nothing to trace.
    if (typeof runnerClass !== 'function') return;
    const prototype = runnerClass.prototype as Record<string, unknown>;
    const wrap = PrototypeWrap.of(prototype, method, this.wrap);
    if (!wrap.acquire()) {
      reportOnce(`runner:${className}`, `${what} found but ${className}.${method} is not where this version runs them; they are not traced`);
      return;
    }
    this.acquired.set(tracer, wrap);
    this.tracers.add(classes, tracer);
  }

  /** The app is closing: its handlers are no longer traced; the last app puts the method back. */
  untrace(tracer: Tracer): void {
    this.tracers.remove(tracer);
    this.acquired.get(tracer)?.release();
    this.acquired.delete(tracer);
  }
}
