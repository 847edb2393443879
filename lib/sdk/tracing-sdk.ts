import { ContextManager, ProxyTracerProvider, trace, Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { reportOnce } from '../diagnostics';
import { buildSampler, SamplerTraits, UNKNOWN_SAMPLER } from '../sampling/build-sampler';
import { INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION } from '../tracing.constants';
import type { TracingModuleOptions } from '../tracing.options';
import { tracingRuntime } from '../tracing.runtime';
import { buildExporter, isSpanExporter } from './build-exporter';
import { describeSetup } from './describe-setup';
import { InstalledSdk, installSdk } from './install-sdk';
import { StatusLog, statusLog } from './status-log';
import { validateOptions } from './validate-options';
import type { TraceStore } from '../viewer/trace-store';
import { TracingConfigurationError } from './configuration-error';

/** What the module runs on: the tracer, and what it installed itself (to flush and remove). */
export interface TracingSdk {
  tracer: Tracer;
  /** The context manager in use when we installed it; undefined when the app owns it. */
  contextManager: ContextManager | undefined;
  /**
   * True when the API's propagator is the one we installed (W3C Trace Context and Baggage): a
   * request with neither `traceparent` nor `baggage` then continues nothing, without asking it.
   */
  ownsPropagator: boolean;
  /** What the sampler in use is known to do (nothing, when it is not ours). */
  sampling: SamplerTraits;
  /** The exporter we built or were given; undefined with 'none' or a host-owned provider. */
  exporter: SpanExporter | undefined;
  /** The trace viewer's store, shared by the apps of the process; undefined when the viewer is off. */
  viewerStore?: TraceStore;
  /** True when the app had registered its own tracer provider before us. */
  usesHostProvider: boolean;
  /**
   * This app's own tracer when it shares the process's SDK under another `service.name`; its
   * server spans, and what they cause, are recorded with it. Undefined otherwise.
   */
  appTracer?: Tracer;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * The SDK a TracingModule of this process installed, shared with every other TracingModule
 * started while it runs (several Nest apps in one process, a test booting two services), and
 * shut down when the last of them closes.
 */
let shared: (InstalledSdk & { serviceName: string | undefined; users: number }) | undefined;

/** The provider an app registered before us, if any (the API always hands out its proxy). */
function hasHostProvider(): boolean {
  const provider = trace.getTracerProvider();
  if (!(provider instanceof ProxyTracerProvider)) return true;
  return provider.getDelegateTracer(INSTRUMENTATION_NAME) !== undefined;
}

function useHostProvider(log: StatusLog): TracingSdk {
  log.started('tracing through the OpenTelemetry tracer provider the app registered (its exporter, sampler and propagators)');
  return {
    tracer: trace.getTracer(INSTRUMENTATION_NAME, INSTRUMENTATION_VERSION),
    contextManager: undefined,
    ownsPropagator: false,
    sampling: UNKNOWN_SAMPLER,
    exporter: undefined,
    usesHostProvider: true,
    forceFlush: async () => undefined,
    shutdown: async () => tracingRuntime.reset(),
  };
}

/** One more user of the shared SDK; its `shutdown` releases it, the last one shuts it down. */
function joinShared(options: TracingModuleOptions, installer: boolean, log: StatusLog): TracingSdk {
  const current = shared!;
  current.users += 1;
  const serviceName = options.serviceName ?? process.env.OTEL_SERVICE_NAME;
  if (!installer) {
    log.started(`tracing service "${serviceName}" through the SDK of service "${current.serviceName}" in this process`);
  }
  if (!installer && (options.exporter !== undefined || options.sampler !== undefined)) {
    reportOnce(
      `shared-sdk:${serviceName}`,
      `a TracingModule of this process already set up OpenTelemetry (service "${current.serviceName}"); ` +
        `"${serviceName}" exports through it, and its own exporter and sampler options are not applied`,
    );
  }
  const ownService = !installer && serviceName !== undefined && serviceName !== current.serviceName;
  let released = false;
  return {
    ...current.sdk,
    appTracer: ownService ? current.tracerForService(options) : undefined,
    async shutdown() {
      if (released) return;
      released = true;
      await release();
    },
  };
}

async function release(): Promise<void> {
  const current = shared;
  if (!current) return;
  current.users -= 1;
  if (current.users > 0) return;
  shared = undefined;
  tracingRuntime.reset();
  await current.sdk.shutdown();
}

/** The viewer reads the spans of the SDK this module installs: it cannot see another's. */
function refuseViewerWithoutStore(options: TracingModuleOptions): void {
  if (shared?.sdk.viewerStore) return;
  throw new TracingConfigurationError(
    shared
      ? `viewer is on for service "${options.serviceName}", but this process's tracing was set up by service "${shared.serviceName}" ` +
          'without it; turn viewer on in that first TracingModule (the viewer shows the spans of every app of the process)'
      : 'viewer is on, but the app registered its own OpenTelemetry tracer provider, whose spans the viewer cannot read; ' +
          'let TracingModule set up OpenTelemetry, or turn viewer off',
  );
}

/**
 * Builds the provider from options and `OTEL_*` variables and registers it as the API's globals.
 * Options are always validated, but nothing new is installed when the app registered its own
 * provider (it is used as it is) or when another TracingModule of this process already did.
 */
export function startTracingSdk(options: TracingModuleOptions): TracingSdk {
  validateOptions(options);
  const resolved = buildSampler(options.sampler);
  const exporter = buildExporter(options);
  // Left behind by an app that failed to start, or removed by the app itself: not ours to share.
  if (shared && !shared.isRegistered()) shared = undefined;
  const reused = shared !== undefined || hasHostProvider();
  // An exporter we built only to check the options is closed; one the user passed is theirs.
  if (reused && exporter && !isSpanExporter(options.exporter)) void exporter.shutdown().catch(() => undefined);
  if (options.viewer && reused) refuseViewerWithoutStore(options);
  const log = statusLog(options.quiet);
  if (shared) return joinShared(options, false, log);
  if (reused) return useHostProvider(log);

  const installed = installSdk(options, resolved, exporter, log);
  shared = { ...installed, serviceName: options.serviceName ?? process.env.OTEL_SERVICE_NAME, users: 0 };
  log.started(describeSetup(options, exporter, resolved.sampler));
  return joinShared(options, true, log);
}
