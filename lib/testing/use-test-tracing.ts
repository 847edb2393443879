import type { DynamicModule } from '@nestjs/common';
import { TestSpanExporter } from './test-span-exporter';
import { TracingTestingModule, TracingTestingOptions } from './tracing-testing.module';

export interface TestTracing {
  /** Where the spans of the apps built with `module()` go; emptied before each test. */
  readonly exporter: TestSpanExporter;
  /** `TracingTestingModule.forRoot()` with this exporter, `options` merged over those given to `useTestTracing`. */
  module(options?: Omit<TracingTestingOptions, 'exporter'>): DynamicModule;
}

type HookRegistrar = (hook: () => void) => void;

/**
 * Call at the top of a test file or `describe` block (Jest, Vitest with globals, Mocha): one
 * exporter for its tests, reset before each of them, so an app started once in `beforeAll`
 * shows each test only its own spans.
 *
 * @example
 * const tracing = useTestTracing({ serviceName: 'orders' });
 * beforeAll(async () => { app = (await Test.createTestingModule({ imports: [tracing.module(), OrdersModule] }).compile()).createNestApplication(); await app.init(); });
 * it('traces a lookup', async () => { ...; expect(await tracing.exporter.waitFor('GET /orders/:id')).toBeDefined(); });
 */
export function useTestTracing(options: Omit<TracingTestingOptions, 'exporter'> = {}): TestTracing {
  const exporter = new TestSpanExporter();
  const beforeEachHook = (globalThis as { beforeEach?: HookRegistrar }).beforeEach;
  if (typeof beforeEachHook !== 'function') {
    throw new Error('useTestTracing() resets its exporter in a beforeEach hook: call it where the test runner defines beforeEach');
  }
  beforeEachHook(() => exporter.reset());
  return { exporter, module: (more = {}) => TracingTestingModule.forRoot({ ...options, ...more, exporter }) };
}
