import { context, ContextManager, propagation, ProxyTracerProvider, trace, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  SpanExporter,
  SpanProcessor,
  InMemorySpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter } from '../export/console-tree.exporter';
import { buildSampler } from '../sampling/build-sampler';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from '../tracing.constants';
import type { TracingModuleOptions } from '../tracing.options';
import { buildExporter } from './build-exporter';
import { buildResource } from './build-resource';
import { FailureReportingExporter } from './failure-reporting.exporter';
import { defaultSpanLimits } from './span-limits';

/** What the module runs on: the tracer, and what it installed itself (to flush and remove). */
export interface TracingSdk {
  tracer: Tracer;
  /** The context manager in use when we installed it; undefined when the app owns it. */
  contextManager: ContextManager | undefined;
  /** Children of unsampled parents are certainly unsampled (our parent-based sampler). */
  parentBasedSampling: boolean;
  /** The exporter we built or were given; undefined with 'none' or a host-owned provider. */
  exporter: SpanExporter | undefined;
  /** True when the app had registered its own tracer provider before us. */
  usesHostProvider: boolean;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The provider an app registered before us, if any (the API always hands out its proxy). */
function hasHostProvider(): boolean {
  const provider = trace.getTracerProvider();
  if (!(provider instanceof ProxyTracerProvider)) return true;
  return provider.getDelegateTracer(INSTRUMENTATION_NAME) !== undefined;
}

function buildProcessor(exporter: SpanExporter, options: TracingModuleOptions): SpanProcessor {
  const exportsAtOnce = exporter instanceof InMemorySpanExporter || exporter instanceof ConsoleTreeExporter;
  const kind = options.spanProcessor ?? (exportsAtOnce ? 'simple' : 'batch');
  const reporting = new FailureReportingExporter(exporter);
  return kind === 'simple' ? new SimpleSpanProcessor(reporting) : new BatchSpanProcessor(reporting);
}

function useHostProvider(): TracingSdk {
  return {
    tracer: trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
    contextManager: undefined,
    parentBasedSampling: false,
    exporter: undefined,
    usesHostProvider: true,
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
}

/**
 * Builds the provider from options and `OTEL_*` variables and registers it, its context
 * manager and the W3C propagators as the API's globals; if the app already registered a
 * tracer provider, validates the options the same way and installs nothing.
 */
export function startTracingSdk(options: TracingModuleOptions): TracingSdk {
  const { sampler, parentBased } = buildSampler(options.sampler);
  const exporter = buildExporter(options);
  if (hasHostProvider()) {
    // Built only to check the options; the host's provider exports its own way.
    void exporter?.shutdown().catch(() => undefined);
    return useHostProvider();
  }

  const provider = new BasicTracerProvider({
    resource: buildResource(options),
    sampler,
    spanLimits: defaultSpanLimits(),
    spanProcessors: exporter ? [buildProcessor(exporter, options)] : [],
  });
  trace.setGlobalTracerProvider(provider);
  // Like the SDK's own register(): keep a context manager or propagator the app set itself.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const ownsContextManager = context.setGlobalContextManager(contextManager);
  const ownsPropagator = propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );

  return {
    tracer: provider.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
    contextManager: ownsContextManager ? contextManager : undefined,
    parentBasedSampling: parentBased,
    exporter,
    usesHostProvider: false,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      try {
        await provider.shutdown();
      } finally {
        // Also when the last export failed (collector down): a provider left registered would
        // make the next TracingModule in this process take it for the host's and export nothing.
        trace.disable();
        if (ownsContextManager) context.disable();
        else contextManager.disable();
        if (ownsPropagator) propagation.disable();
      }
    },
  };
}
