import { context, propagation, ProxyTracerProvider, trace, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  IdGenerator,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter } from '../export/console-tree.exporter';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from '../tracing.constants';
import type { ResolvedSampler, SamplerTraits } from '../sampling/build-sampler';
import { decidedTraceIds } from '../sampling/head-sampler';
import { KeepUnsampledProcessor } from '../sampling/keep-unsampled.processor';
import type { TracingModuleOptions } from '../tracing.options';
import { buildResource } from './build-resource';
import { otlpEndpointOf } from './describe-setup';
import { FailureReportingExporter } from './failure-reporting.exporter';
import { defaultSpanLimits } from './span-limits';
import type { StatusLog } from './status-log';
import { w3cPropagator } from './w3c-propagators';
import { TraceStore } from '../viewer/trace-store';
import { resolveViewerSettings } from './viewer-settings';
import { ViewerSpanProcessor } from './viewer-span.processor';
import type { TracingSdk } from './tracing-sdk';

function buildProcessor(
  reporting: FailureReportingExporter,
  exporter: SpanExporter,
  options: TracingModuleOptions,
  sampling: ResolvedSampler,
): SpanProcessor {
  const exportsAtOnce = exporter instanceof InMemorySpanExporter || exporter instanceof ConsoleTreeExporter;
  const kind = options.spanProcessor ?? (exportsAtOnce ? 'simple' : 'batch');
  const processor = kind === 'simple' ? new SimpleSpanProcessor(reporting) : new BatchSpanProcessor(reporting);
  // Unsampled traces are recorded only to be kept if they fail: they wait in front of the export.
  return sampling.keep ? new KeepUnsampledProcessor(processor, sampling.keep, sampling.stats!, sampling.deferredAttributes!, sampling.head) : processor;
}

/** What the request path may rely on of the sampler. */
function traitsOf({ parentBased, readsAttributes, rootStarter, stats, deferredAttributes }: ResolvedSampler): SamplerTraits {
  return { parentBased, readsAttributes, rootStarter, stats, deferredAttributes };
}

export interface InstalledSdk {
  sdk: TracingSdk;
  /** False once someone else removed our provider from the API (e.g. `trace.disable()`). */
  isRegistered(): boolean;
  /**
   * A tracer for another app of the process: a provider of its own resource (its
   * `service.name`), with the same sampler and limits, feeding the same span processor.
   */
  tracerForService(options: TracingModuleOptions): Tracer;
}

/** Lets another provider use our processor without closing it: the installed provider does. */
function borrowed(processor: SpanProcessor): SpanProcessor {
  return {
    onStart: (span, parentContext) => processor.onStart(span, parentContext),
    onEnd: (span) => processor.onEnd(span),
    forceFlush: () => processor.forceFlush(),
    shutdown: async () => undefined,
  };
}

/**
 * Builds the provider and registers it, an AsyncLocalStorage context manager and the W3C
 * propagators (Trace Context level 2 and Baggage, `w3c-propagators.ts`) as the API's globals;
 * `shutdown` flushes and removes exactly what it registered.
 */
export function installSdk(
  options: TracingModuleOptions,
  sampling: ResolvedSampler,
  exporter: SpanExporter | undefined,
  log: StatusLog,
): InstalledSdk {
  const { sampler } = sampling;
  const reporting = exporter ? new FailureReportingExporter(exporter, { log, endpoint: otlpEndpointOf(options, exporter) }) : undefined;
  const processors = reporting ? [buildProcessor(reporting, exporter!, options, sampling)] : [];
  // The viewer's store is fed beside the export, also with no exporter; off, nothing is added.
  const viewer = resolveViewerSettings(options);
  const viewerStore = viewer ? new TraceStore(viewer.maxTraces, viewer.maxSpansPerTrace) : undefined;
  if (viewerStore) processors.push(new ViewerSpanProcessor(viewerStore));
  // The SDK's own ids, but a root our sampler decided ahead keeps the trace id it was decided on.
  const idGenerator: IdGenerator | undefined = sampling.head ? decidedTraceIds(sampling.head) : undefined;
  const provider = new BasicTracerProvider({
    resource: buildResource(options),
    sampler,
    idGenerator,
    spanLimits: defaultSpanLimits(),
    spanProcessors: processors,
  });
  trace.setGlobalTracerProvider(provider);
  // Like the SDK's own register(): keep a context manager or propagator the app set itself.
  const contextManager = new AsyncLocalStorageContextManager();
  const ownsContextManager = context.setGlobalContextManager(contextManager.enable());
  if (!ownsContextManager) contextManager.disable();
  // Trace ids come from the provider's RandomIdGenerator: traces started here are random (level 2).
  const ownsPropagator = propagation.setGlobalPropagator(w3cPropagator(true));

  const sdk: TracingSdk = {
    tracer: provider.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
    contextManager: ownsContextManager ? contextManager : undefined,
    ownsPropagator,
    sampling: traitsOf(sampling),
    exporter,
    viewerStore,
    usesHostProvider: false,
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      try {
        reporting?.beginShutdown();
        await provider.shutdown();
      } finally {
        // Also when the last export failed (collector down): a provider left registered would
        // make the next TracingModule in this process take it for the host's and export nothing.
        trace.disable();
        if (ownsContextManager) context.disable();
        if (ownsPropagator) propagation.disable();
      }
    },
  };
  const proxy = trace.getTracerProvider() as ProxyTracerProvider;
  const tracerForService = (appOptions: TracingModuleOptions): Tracer =>
    new BasicTracerProvider({
      resource: buildResource(appOptions),
      sampler,
      idGenerator,
      spanLimits: defaultSpanLimits(),
      spanProcessors: processors.map(borrowed),
    }).getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION);
  return { sdk, tracerForService, isRegistered: () => trace.getTracerProvider() === proxy && proxy.getDelegate() === provider };
}
