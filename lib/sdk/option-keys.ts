import type {
  ConsoleExporterOptions,
  DatabaseTracingOptions,
  LogsTracingOptions,
  GrpcTracingOptions,
  GraphqlTracingOptions,
  HttpTracingOptions,
  OtlpExporterOptions,
  TracingModuleOptions,
  ViewerOptions,
} from '../tracing.options';
import { TracingConfigurationError } from './configuration-error';

/** Every key of `T`: the compiler fails here when an option is added without its key. */
type KeysOf<T> = Record<keyof Required<T>, true>;

const TOP_LEVEL: KeysOf<TracingModuleOptions> & { isGlobal: true } = {
  serviceName: true,
  serviceVersion: true,
  resourceAttributes: true,
  exporter: true,
  otlp: true,
  console: true,
  sampler: true,
  spanProcessor: true,
  http: true,
  grpc: true,
  db: true,
  graphql: true,
  quiet: true,
  logs: true,
  viewer: true,
  // `forRoot`'s own extra, in case options are passed through whole.
  isGlobal: true,
};

const NESTED: Record<string, Record<string, true>> = {
  otlp: {
    endpoint: true,
    tracesEndpoint: true,
    logsEndpoint: true,
    protocol: true,
    headers: true,
    timeoutMillis: true,
    compression: true,
  } satisfies KeysOf<OtlpExporterOptions>,
  console: { attributes: true, graceMillis: true, logs: true, write: true } satisfies KeysOf<ConsoleExporterOptions>,
  http: { requestHeaders: true, responseHeaders: true, ignorePaths: true, deniedHeaders: true, client: true } satisfies KeysOf<HttpTracingOptions>,
  grpc: { recordMessageEvents: true } satisfies KeysOf<GrpcTracingOptions>,
  db: { enabled: true } satisfies KeysOf<DatabaseTracingOptions>,
  graphql: { resolverSpans: true, recordDocument: true } satisfies KeysOf<GraphqlTracingOptions>,
  logs: { correlation: true, spanEvents: true, otlp: true } satisfies KeysOf<LogsTracingOptions>,
  viewer: { path: true, maxTraces: true, maxSpansPerTrace: true, allowInProduction: true } satisfies KeysOf<ViewerOptions>,
};

/** Edit distance, for "did you mean": small strings only. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function closest(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  const ranked = known
    .map((candidate) => ({ candidate, cost: candidate.toLowerCase() === lower ? 0 : distance(lower, candidate.toLowerCase()) }))
    .sort((a, b) => a.cost - b.cost);
  return ranked[0] && ranked[0].cost <= Math.max(2, Math.floor(key.length / 4)) ? ranked[0].candidate : undefined;
}

function checkKeys(value: unknown, known: Record<string, true>, prefix: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const names = Object.keys(known);
  for (const key of Object.keys(value)) {
    if (known[key]) continue;
    const suggestion = closest(key, names);
    throw new TracingConfigurationError(
      `unknown option ${prefix}${key}${suggestion ? `: did you mean ${prefix}${suggestion}?` : `; known options are ${names.join(', ')}`}`,
    );
  }
}

/**
 * Fails on an option key the module does not know (a typo in plain JavaScript or a config
 * file, such as `servicename`), naming the closest known one, instead of ignoring it.
 */
export function checkOptionKeys(options: object): void {
  checkKeys(options, TOP_LEVEL, '');
  for (const [name, known] of Object.entries(NESTED)) checkKeys((options as Record<string, unknown>)[name], known, `${name}.`);
}
