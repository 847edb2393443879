import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { CollectedSpan, OtlpCollector } from '../support/otlp-collector';
import { requireService } from '../support/require-service';

const APP = join(__dirname, '..', 'fixtures', 'outgoing-http-app', 'main.ts');
const HOOK = join(__dirname, '..', 'support', 'require-typescript.js');
const CLIENTS = ['fetch', 'node-http', 'axios'];
/** A literal the app types into its SQL and a value it binds: neither may reach the collector. */
const LITERAL = 'ada-sql-literal-7f3e';
const BOUND = 'grace-bound-value-9c1d';

/** Starts the user app in its own Node process (OpenTelemetry's require hooks work there). */
async function startUserApp(collector: OtlpCollector, otelInstrumentations: boolean, tables: { pg: string; mysql: string }): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(APP, [], {
    execArgv: ['-r', HOOK],
    env: {
      ...process.env,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_CLIENT_INSTRUMENTATIONS: otelInstrumentations ? 'on' : 'off',
      FIXTURE_PG_TABLE: tables.pg,
      FIXTURE_MYSQL_TABLE: tables.mysql,
      FIXTURE_LITERAL: LITERAL,
      FIXTURE_BOUND: BOUND,
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
  let app: { url: string; child: ChildProcess } | undefined;
  const suffix = `${process.pid}_${otelInstrumentations ? 'otel' : 'own'}_${Date.now().toString(36)}`;
  const tables = { pg: `people_otlp_${suffix}`, mysql: `notes_otlp_${suffix}` };

  beforeAll(async () => {
    await requireService('PostgreSQL', 5432);
    await requireService('MariaDB', 3306);
    collector = await OtlpCollector.start();
    app = await startUserApp(collector, otelInstrumentations, tables);
  }, 60_000);
  afterAll(async () => {
    if (app) await stop(app.child);
    await collector?.close();
  });

  it.each(CLIENTS)('%s: SERVER → @Traced → CLIENT → downstream SERVER, one traceparent on the wire', async (client) => {
    const response = await fetch(`${app!.url}/call/${client}`);
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
    if (clientScope) expect(clientSpan.attributes[ATTR_URL_FULL]).toBe(`${app!.url}/downstream?token=REDACTED`);
    expect(byId(clientSpan.parentSpanId)).toMatchObject({ name: 'Caller.call', kind: SpanKind.INTERNAL });
    expect(byId(byId(clientSpan.parentSpanId)?.parentSpanId)).toMatchObject({ name: root, kind: SpanKind.SERVER });

    const downstream = trace.filter((span) => span.name === 'GET /downstream');
    expect(downstream).toHaveLength(1);
    expect(downstream[0]).toMatchObject({ kind: SpanKind.SERVER, parentSpanId: clientSpanId });
    // One CLIENT span for the one request: never ours and theirs together.
    expect(trace.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(1);
  });

  it('pg and mysql2 in @Traced repositories: SELECT CLIENT spans under them, no literal or bound value at the collector', async () => {
    const response = await fetch(`${app!.url}/databases`);
    // Each query found the row named by its literal and the row named by its bound value.
    expect(await response.json()).toEqual({ postgresql: 2, mysql: 2 });

    const spans = await collector.waitForSpans((all) => all.some((span) => span.attributes['url.path'] === '/databases'));
    const server = spans.find((span) => span.attributes['url.path'] === '/databases') as CollectedSpan;
    expect(server).toMatchObject({ name: 'GET /databases', kind: SpanKind.SERVER });
    const trace = spans.filter((span) => span.traceId === server.traceId);
    const byId = (id: string | undefined) => trace.find((span) => span.spanId === id);

    for (const [repository, system, table, queryText] of [
      ['PeopleRepository.countNamed', 'postgresql', tables.pg, `SELECT id FROM ${tables.pg} WHERE name = ? OR name = $1`],
      ['NotesRepository.countNoted', 'mysql', tables.mysql, `SELECT id FROM ${tables.mysql} WHERE note = ? OR note = ?`],
    ]) {
      const queries = trace.filter((span) => span.attributes['db.system.name'] === system);
      expect(queries).toHaveLength(1);
      expect(queries[0]).toMatchObject({
        name: `SELECT ${table}`,
        kind: SpanKind.CLIENT,
        attributes: expect.objectContaining({
          'db.system.name': system,
          'db.namespace': 'test',
          'db.collection.name': table,
          'db.operation.name': 'SELECT',
          'db.query.text': queryText,
          'server.address': '127.0.0.1',
        }),
      });
      expect(byId(queries[0].parentSpanId)).toMatchObject({ name: repository, kind: SpanKind.INTERNAL, parentSpanId: server.spanId });
    }
    expect(trace.filter((span) => span.kind === SpanKind.CLIENT)).toHaveLength(2);

    // Everything every span carried to the collector: names, attributes, events, status, resource.
    const exported = JSON.stringify(collector.spans);
    expect(exported).not.toContain(LITERAL);
    expect(exported).not.toContain(BOUND);
  });

  it("never traces the OTLP exporter's own requests", () => {
    const exportCalls = collector.spans.filter((span) => String(span.attributes[ATTR_URL_FULL] ?? '').startsWith(collector.url));
    expect(exportCalls).toEqual([]);
    expect(collector.exports.every((received) => received.headers.traceparent === undefined)).toBe(true);
  });
});
