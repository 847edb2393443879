import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { CollectedSpan, OtlpCollector } from '../support/otlp-collector';

const APP = join(__dirname, '..', 'fixtures', 'outgoing-http-app', 'main.ts');
const HOOK = join(__dirname, '..', 'support', 'require-typescript.js');
const CLIENTS = ['fetch', 'node-http', 'axios'];

/** Starts the user app in its own Node process (OpenTelemetry's require hooks work there). */
async function startUserApp(collector: OtlpCollector, otelInstrumentations: boolean): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(APP, [], {
    execArgv: ['-r', HOOK],
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_CLIENT_INSTRUMENTATIONS: otelInstrumentations ? 'on' : 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the user app exited with ${code} before listening`)));
  });
  return { url, child };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('close');
  });
}

describe.each([
  ['only TracingModule', false, 'nestjs-tracing'],
  ['OpenTelemetry undici + http instrumentations registered first', true, undefined],
])('a user app with %s, exporting over OTLP', (_title, otelInstrumentations, clientScope) => {
  let collector: OtlpCollector;
  let app: { url: string; child: ChildProcess };

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    app = await startUserApp(collector, otelInstrumentations);
  }, 60_000);
  afterAll(async () => {
    await stop(app.child);
    await collector.close();
  });

  it.each(CLIENTS)('%s: SERVER → @Traced → CLIENT → downstream SERVER, one traceparent on the wire', async (client) => {
    const response = await fetch(`${app.url}/call/${client}`);
    const { traceparents } = (await response.json()) as { traceparents: string[] };
    expect(traceparents).toHaveLength(1);

    const root = `GET /call/:client`;
    const spans = await collector.waitForSpans((all) => all.some((span) => span.name === root && span.attributes['url.path'] === `/call/${client}`));
    const [, traceId, clientSpanId] = traceparents[0].split('-');
    const trace = spans.filter((span) => span.traceId === traceId);
    const byId = (id: string | undefined) => trace.find((span) => span.spanId === id);

    const clientSpan = byId(clientSpanId) as CollectedSpan;
    expect(clientSpan).toMatchObject({ name: 'GET', kind: SpanKind.CLIENT });
    expect(clientSpan.scope.name).toBe(clientScope ?? (client === 'fetch' ? '@opentelemetry/instrumentation-undici' : '@opentelemetry/instrumentation-http'));
    expect(clientSpan.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(200);
    if (clientScope) expect(clientSpan.attributes[ATTR_URL_FULL]).toBe(`${app.url}/downstream?token=REDACTED`);
    expect(byId(clientSpan.parentSpanId)).toMatchObject({ name: 'Caller.call', kind: SpanKind.INTERNAL });
    expect(byId(byId(clientSpan.parentSpanId)?.parentSpanId)).toMatchObject({ name: root, kind: SpanKind.SERVER });

    const downstream = trace.filter((span) => span.name === 'GET /downstream');
    expect(downstream).toHaveLength(1);
    expect(downstream[0]).toMatchObject({ kind: SpanKind.SERVER, parentSpanId: clientSpanId });
    // One CLIENT span for the one request: never ours and theirs together.
    expect(trace.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(1);
  });

  it("never traces the OTLP exporter's own requests", () => {
    const exportCalls = collector.spans.filter((span) => String(span.attributes[ATTR_URL_FULL] ?? '').startsWith(collector.url));
    expect(exportCalls).toEqual([]);
    expect(collector.exports.every((received) => received.headers.traceparent === undefined)).toBe(true);
  });
});
