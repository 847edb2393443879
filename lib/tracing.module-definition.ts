import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TracingModuleOptions } from './tracing.options';

/** Generates `forRoot` / `forRootAsync`; the module is global unless `isGlobal: false`. */
export const {
  ConfigurableModuleClass: ConfigurableTracingModule,
  MODULE_OPTIONS_TOKEN: TRACING_OPTIONS,
  OPTIONS_TYPE: TRACING_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TRACING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TracingModuleOptions>({ moduleName: 'Tracing' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** What `TracingModule.forRootAsync()` takes: `useFactory` + `inject`, `useClass` or `useExisting`. */
export type TracingModuleAsyncOptions = typeof TRACING_ASYNC_OPTIONS_TYPE;
