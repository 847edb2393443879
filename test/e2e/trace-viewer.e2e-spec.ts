import { SpanKind } from '@opentelemetry/api';
import { ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import { Controller, Get, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { TRACING_SDK, TracingConfigurationError, TracingModule, TracingSdk } from 'nestjs-tracing';
import type { TraceJson, TraceSummaryJson } from '../../lib/viewer/trace-json';
import { ITEMS_PER_ORDER, OrderShapedModule } from '../support/order-shaped-app';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';
import { setEnv } from '../support/scoped-env';

const VIEWER_ASSETS = ['/_traces', '/_traces/', '/_traces/viewer.js', '/_traces/viewer.css', '/_traces/api/traces'];

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

describe.each(PLATFORMS)('trace viewer on %s', (platform) => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
  });

  /** Places an order and waits until its SERVER span is exported (and so stored). */
  async function placeOrder(card: string): Promise<string> {
    running!.exporter.reset();
    const response = await fetch(`${running!.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ card }) });
    await response.text();
    const server = await running!.exporter.waitFor((span) => span.kind === SpanKind.SERVER && span.name === 'POST /orders' && running!.exporter.spans.filter((s) => s.spanContext().traceId === span.spanContext().traceId).length === ITEMS_PER_ORDER + 3);
    return server.spanContext().traceId;
  }

  it('lists the traces newest first and serves one trace with its tree, self times, status and exception', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: true });
    const paid = await placeOrder('visa');
    const failed = await placeOrder('declined');

    const list = await getJson<{ maxTraces: number; maxSpansPerTrace: number; traces: TraceSummaryJson[] }>(`${running.url}/_traces/api/traces`);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ maxTraces: 100, maxSpansPerTrace: 500 });
    expect(list.body.traces.map((trace) => trace.traceId)).toEqual([failed, paid]);
    expect(list.body.traces[0]).toEqual({
      traceId: failed,
      name: 'POST /orders',
      service: 'test-app',
      startedAt: expect.any(Number),
      durationMs: expect.any(Number),
      spanCount: ITEMS_PER_ORDER + 3,
      errorCount: 3, // PaymentsClient.charge, process_order and the 502 SERVER span
      droppedSpans: 0,
    });
    expect(list.body.traces[1]).toMatchObject({ traceId: paid, errorCount: 0 });

    const { status, body: trace } = await getJson<TraceJson>(`${running.url}/_traces/api/traces/${failed}`);
    expect(status).toBe(200);
    const exported = running.exporter.spans.filter((span) => span.spanContext().traceId === failed);
    // The same spans as exported, with the same parents.
    expect(trace.spans.map((span) => [span.spanId, span.parentSpanId]).sort()).toEqual(
      exported.map((span) => [span.spanContext().spanId, span.parentSpanContext?.spanId]).sort(),
    );
    const byName = (name: string) => trace.spans.filter((span) => span.name === name);
    const [root] = byName('POST /orders');
    const [processOrder] = byName('process_order');
    const [charge] = byName('PaymentsClient.charge');
    expect(root).toMatchObject({ kind: 'SERVER', service: 'test-app', status: 'ERROR', startMs: 0 });
    expect(root.parentSpanId).toBeUndefined();
    expect(byName('SELECT order_items')).toHaveLength(ITEMS_PER_ORDER);
    for (const item of byName('SELECT order_items')) expect(item).toMatchObject({ parentSpanId: processOrder.spanId, kind: 'INTERNAL', status: 'UNSET' });
    expect(charge).toMatchObject({ parentSpanId: processOrder.spanId, status: 'ERROR', statusMessage: 'card declined by the issuer' });
    const exception = charge.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toMatchObject({ 'exception.type': 'PaymentDeclinedError', 'exception.message': 'card declined by the issuer' });
    expect(exception?.attributes['exception.stacktrace']).toContain('PaymentsClient.charge');
    // A leaf's self time is its duration; a parent's excludes what its children covered.
    expect(charge.selfTimeMs).toBe(charge.durationMs);
    // (exact arithmetic in trace-json.spec.ts; span clocks here differ by up to a millisecond)
    expect(processOrder.selfTimeMs).toBeLessThan(processOrder.durationMs);
    expect(processOrder.selfTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('answers a trace id it does not hold, or a malformed one, with 404', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: true });
    expect((await getJson(`${running.url}/_traces/api/traces/${'a'.repeat(32)}`)).status).toBe(404);
    expect((await getJson(`${running.url}/_traces/api/traces/..%2F..%2Fetc`)).status).toBe(404);
    for (const path of ['nothing-here', '__proto__', 'constructor', 'api/traces/__proto__']) {
      expect((await getJson(`${running.url}/_traces/${path}`)).status).toBe(404);
    }
  });

  it('makes no span for its own requests, while the app is traced as before', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: true });
    for (const path of VIEWER_ASSETS) {
      const response = await fetch(`${running.url}${path}`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
    expect((await fetch(`${running.url}/_traces/api/traces`, { method: 'POST' })).status).toBe(405);
    // The app's own request ends after the viewer's: once its span is here, theirs would be too.
    await (await fetch(`${running.url}/health`)).text();
    await running.exporter.waitFor((span) => span.name === 'GET /health');
    expect(running.exporter.spans.map((span) => [span.name, span.attributes[ATTR_URL_PATH]])).toEqual([['GET /health', '/health']]);
    const list = await getJson<{ traces: TraceSummaryJson[] }>(`${running.url}/_traces/api/traces`);
    expect(list.body.traces.map((trace) => trace.name)).toEqual(['GET /health']);
  });

  it('serves the page with its own files only, under a strict content security policy', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: { path: '/debug/traces/' } });
    const page = await fetch(`${running.url}/debug/traces`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="/debug/traces/viewer.js">');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await (await fetch(`${running.url}/debug/traces/viewer.js`)).text();
    expect(script).toContain("'/api/traces'");
    expect(script).not.toContain('innerHTML');
    expect((await fetch(`${running.url}/_traces`)).status).toBe(404);
  });

  it('keeps the last maxTraces traces', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: { maxTraces: 3 } });
    const traceIds: string[] = [];
    for (let index = 0; index < 5; index++) traceIds.push(await placeOrder('visa'));
    const list = await getJson<{ traces: TraceSummaryJson[] }>(`${running.url}/_traces/api/traces`);
    expect(list.body.traces.map((trace) => trace.traceId)).toEqual(traceIds.slice(2).reverse());
    expect((await getJson(`${running.url}/_traces/api/traces/${traceIds[0]}`)).status).toBe(404);
  });

  it('shows an unsampled trace that keep-errors kept, whole and marked, and nothing of a dropped OK one', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: true, sampler: { ratio: 0, keep: { errors: true } } });
    const kept = await placeOrder('declined');
    await fetch(`${running.url}/health`).then((response) => response.text());
    const list = await getJson<{ traces: TraceSummaryJson[] }>(`${running.url}/_traces/api/traces`);
    expect(list.body.traces.map((trace) => [trace.traceId, trace.name, trace.spanCount])).toEqual([[kept, 'POST /orders', ITEMS_PER_ORDER + 3]]);
    const { body } = await getJson<TraceJson>(`${running.url}/_traces/api/traces/${kept}`);
    expect(body.spans).toHaveLength(ITEMS_PER_ORDER + 3);
    expect(body.spans.every((span) => span.attributes['sampling.kept'] !== undefined)).toBe(true);
  });

  it('off by default: no route, no store', async () => {
    running = await startApp(platform, { imports: [OrderShapedModule] });
    await placeOrder('visa');
    expect(running.app.get<TracingSdk>(TRACING_SDK).viewerStore).toBeUndefined();
    for (const path of VIEWER_ASSETS) expect((await fetch(`${running.url}${path}`)).status).toBe(404);
    // The app's 404s, traced as any request.
    await running.exporter.waitFor((span) => span.attributes[ATTR_URL_PATH] === '/_traces/api/traces');
  });

  describe('under NODE_ENV=production', () => {
    let restore: () => void;
    beforeEach(() => (restore = setEnv({ NODE_ENV: 'production' })));
    afterEach(() => restore());

    it('starts when forced with allowInProduction', async () => {
      running = await startApp(platform, { imports: [OrderShapedModule] }, { viewer: { allowInProduction: true } });
      expect((await fetch(`${running.url}/_traces/api/traces`)).status).toBe(200);
    });
  });
});

describe('trace viewer under NODE_ENV=production', () => {
  let restore: () => void;
  beforeEach(() => (restore = setEnv({ NODE_ENV: 'production' })));
  afterEach(() => restore());

  it('refuses to start, naming the option', async () => {
    const compiling = Test.createTestingModule({ imports: [TracingModule.forRoot({ exporter: 'none', quiet: true, viewer: true })] }).compile();
    await expect(compiling).rejects.toThrow(TracingConfigurationError);
    await expect(
      Test.createTestingModule({ imports: [TracingModule.forRoot({ exporter: 'none', quiet: true, viewer: { path: '/t' } })] }).compile(),
    ).rejects.toThrow(/viewer is on under NODE_ENV=production.*viewer\.allowInProduction: true/);
  });
});

/** Where the front app's request goes: the back app's URL, known once it listens. */
const backend = { url: '' };

@Controller()
class FrontController {
  @Get('front')
  async front() {
    return (await fetch(`${backend.url}/health`)).text();
  }
}

@Module({ controllers: [FrontController] })
class FrontModule {}

describe('trace viewer with several apps in one process', () => {
  const apps: RunningApp[] = [];
  afterEach(async () => {
    for (const running of apps.reverse()) await running.app.close();
    apps.length = 0;
  });

  it('joins the spans of every app into one trace, served by the app that turned it on', async () => {
    const exporter = new TestSpanExporter();
    apps.push(await startApp('express', { imports: [FrontModule] }, { serviceName: 'front', viewer: true }, exporter));
    apps.push(await startApp('fastify', { imports: [OrderShapedModule] }, { serviceName: 'back' }, exporter));
    backend.url = apps[1].url;
    await (await fetch(`${apps[0].url}/front`)).text();
    const root = await exporter.waitFor('GET /front');
    const { body } = await getJson<TraceJson>(`${apps[0].url}/_traces/api/traces/${root.spanContext().traceId}`);
    expect(body.spans.map((span) => [span.name, span.kind, span.service])).toEqual([
      ['GET /front', 'SERVER', 'front'],
      ['GET', 'CLIENT', 'front'],
      ['GET /health', 'SERVER', 'back'],
    ]);
    // Only the app that asked for it serves the page.
    expect((await fetch(`${apps[1].url}/_traces`)).status).toBe(404);
  });

  it("refuses an app that turns it on when the process's tracing was set up without it", async () => {
    apps.push(await startApp('express', { imports: [FrontModule] }, { serviceName: 'front' }));
    const compiling = Test.createTestingModule({ imports: [TracingModule.forRoot({ serviceName: 'back', quiet: true, viewer: true })] }).compile();
    await expect(compiling).rejects.toThrow(TracingConfigurationError);
    await expect(
      Test.createTestingModule({ imports: [TracingModule.forRoot({ serviceName: 'back', quiet: true, viewer: true })] }).compile(),
    ).rejects.toThrow('set up by service "front" without it; turn viewer on in that first TracingModule');
  });
});
