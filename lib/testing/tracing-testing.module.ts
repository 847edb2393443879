import { DynamicModule, Module } from '@nestjs/common';
import { TracingModule } from '../tracing.module';
import type { TracingModuleOptions } from '../tracing.options';
import { TestSpanExporter } from './test-span-exporter';

/** `TracingModule` options for tests: everything but where the spans go. */
export interface TracingTestingOptions extends Omit<TracingModuleOptions, 'exporter'> {
  /**
   * The exporter to fill, e.g. one shared by several apps of a test or made by `useTestTracing()`.
   * @default a new `TestSpanExporter`
   */
  exporter?: TestSpanExporter;
}

/**
 * `TracingModule` set up for tests: spans go to a `TestSpanExporter`, each as it ends, and the
 * exporter is a provider (`app.get(TestSpanExporter)`). Global, like `TracingModule`.
 *
 * @example
 * const moduleRef = await Test.createTestingModule({
 *   imports: [TracingTestingModule.forRoot({ serviceName: 'orders' }), OrdersModule],
 * }).compile();
 * const spans = moduleRef.get(TestSpanExporter);
 */
@Module({})
export class TracingTestingModule {
  static forRoot(options: TracingTestingOptions = {}): DynamicModule {
    const exporter = options.exporter ?? new TestSpanExporter();
    return {
      module: TracingTestingModule,
      global: true,
      imports: [TracingModule.forRoot({ ...options, exporter })],
      providers: [{ provide: TestSpanExporter, useValue: exporter }],
      exports: [TestSpanExporter],
    };
  }
}
