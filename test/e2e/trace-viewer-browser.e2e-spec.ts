import { Body, Controller, Module, Post } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { TraceService } from 'nestjs-tracing';
import type { Page } from 'playwright-core';
import { HeadlessChromium, launchChromium } from '../support/headless-chromium';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';
import { ITEMS_PER_ORDER, OrderShapedModule } from '../support/order-shaped-app';

/** Markup in a span name and an attribute, as a request may well carry. */
const HOSTILE = '<img src=x onerror="window.__xss = 1">';

@Controller()
class NotesController {
  constructor(private readonly trace: TraceService) {}

  @Post('notes')
  add(@Body() body: { title: string }) {
    return this.trace.withSpan(body.title, (span) => {
      span.setAttribute('note.title', body.title);
      return 'saved';
    });
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

/** The little of the DOM these checks read (the project compiles without the DOM's types). */
interface RowElement {
  dataset: Record<string, string | undefined>;
  classList: { contains(name: string): boolean };
  querySelector(selector: string): { textContent: string | null } | null;
}
type PageGlobals = { __xss?: number; getComputedStyle(element: unknown): { backgroundColor: string } };

/** What a waterfall row shows: name, nesting depth, folded count, red or not. */
interface RowView {
  name: string;
  depth: number;
  count?: number;
  error: boolean;
}

function rowsOf(page: Page): Promise<RowView[]> {
  return page.$$eval('#waterfall .span-row, #waterfall .group-row', (rows) =>
    rows.map((row) => {
      const element = row as unknown as RowElement;
      const view: { name: string; depth: number; count?: number; error: boolean } = {
        name: element.querySelector('.span-name')!.textContent!,
        depth: Number(element.dataset.depth),
        error: element.classList.contains('error'),
      };
      if (element.dataset.count) view.count = Number(element.dataset.count);
      return view;
    }),
  );
}

describe.each(PLATFORMS)('trace viewer in headless Chromium, on %s', (platform) => {
  let running: RunningApp;
  let browser: HeadlessChromium;
  let page: Page;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    running = await startApp(platform, { imports: [OrderShapedModule, NotesModule] }, { viewer: true });
    page = await browser.context.newPage();
    page.setDefaultTimeout(5000);
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await running?.app.close();
  });

  async function post(path: string, body: object): Promise<string> {
    running.exporter.reset();
    const response = await fetch(`${running.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await response.text();
    const server = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER && span.name === `POST ${path}`);
    return server.spanContext().traceId;
  }

  it('lists the orders, opens the failed one as a waterfall with the folded query row and the payment in red', async () => {
    const failed = await post('/orders', { card: 'declined' });
    await running.exporter.waitForCount(ITEMS_PER_ORDER + 3);
    const paid = await post('/orders', { card: 'visa' });

    await page.goto(`${running.url}/_traces`);
    // Newest first; the failed one carries its error mark.
    await page.waitForSelector(`tr[data-trace-id="${paid}"]`);
    expect(await page.$$eval('#trace-list tbody tr', (rows) => rows.map((row) => (row as unknown as RowElement).dataset.traceId))).toEqual([paid, failed]);
    expect(await page.textContent(`tr[data-trace-id="${failed}"] .error-mark`)).toBe('● 3 errors');
    expect(await page.$(`tr[data-trace-id="${paid}"] .error-mark`)).toBeNull();
    await page.check('#errors-only');
    expect(await page.$$eval('#trace-list tbody tr', (rows) => rows.map((row) => (row as unknown as RowElement).dataset.traceId))).toEqual([failed]);
    await page.uncheck('#errors-only');

    await page.click(`tr[data-trace-id="${failed}"]`);
    await page.waitForSelector('#waterfall .group-row');
    expect(await rowsOf(page)).toEqual([
      { name: 'POST /orders', depth: 0, error: true },
      { name: 'process_order', depth: 1, error: true },
      { name: 'SELECT order_items', depth: 2, count: ITEMS_PER_ORDER, error: false },
      { name: 'PaymentsClient.charge', depth: 2, error: true },
    ]);
    expect(await page.textContent('#waterfall .group-row .count')).toBe(`×${ITEMS_PER_ORDER}`);
    const chargeRow = page.locator('#waterfall .span-row', { hasText: 'PaymentsClient.charge' });
    expect(await chargeRow.locator('.error-label').textContent()).toBe('ERROR');
    expect(await chargeRow.locator('.bar').evaluate((bar) => (globalThis as unknown as PageGlobals).getComputedStyle(bar).backgroundColor)).toBe('rgb(217, 58, 58)');
    expect(await page.textContent('#first-error')).toContain('PaymentsClient.charge (test-app): PaymentDeclinedError: card declined by the issuer');

    // The span's card: the exception with its stack.
    await chargeRow.click();
    expect(await page.textContent('#span-detail h2')).toBe('PaymentsClient.charge');
    expect(await page.textContent('#span-detail .exception')).toContain('PaymentDeclinedError: card declined by the issuer');
    expect(await page.textContent('#span-detail .stack')).toContain('at PaymentsClient.charge');

    // The folded row unfolds into its spans.
    await page.click('#waterfall .group-row');
    const unfolded = await rowsOf(page);
    expect(unfolded.filter((row) => row.name === 'SELECT order_items' && row.count === undefined)).toEqual(
      Array.from({ length: ITEMS_PER_ORDER }, () => ({ name: 'SELECT order_items', depth: 3, error: false })),
    );

    await page.click('#copy-markdown');
    const markdown = await page.inputValue('#markdown');
    expect(markdown).toContain('- `POST /orders` · SERVER · test-app');
    expect(markdown).toContain('    - `SELECT order_items` ×5 · INTERNAL · test-app');
    expect(markdown).toContain('    - `PaymentsClient.charge` · INTERNAL · test-app');
    expect(markdown).toContain('**Error** in `PaymentsClient.charge` (test-app): PaymentDeclinedError: card declined by the issuer');
    expect(markdown).toMatch(/```\nPaymentDeclinedError: card declined by the issuer\n\s+at PaymentsClient.charge/);
  });

  it('shows markup in span names and attributes as text, never as HTML', async () => {
    const traceId = await post('/notes', { title: HOSTILE });
    await page.goto(`${running.url}/_traces#/`);
    await page.fill('#filter', 'notes');
    await page.waitForSelector(`tr[data-trace-id="${traceId}"]`);
    expect(await page.$$eval('#trace-list tbody tr', (rows) => rows.length)).toBe(1);
    await page.click(`tr[data-trace-id="${traceId}"]`);
    const row = page.locator('#waterfall .span-row', { hasText: HOSTILE });
    await row.click();
    expect(await page.textContent('#span-detail h2')).toBe(HOSTILE);
    expect(await page.textContent('#span-detail')).toContain(`note.title${HOSTILE}`);
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__xss)).toBeUndefined();
  });

  it('made no request but to the app, and the page logged no error', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !url.startsWith(`${running.url}/_traces`))).toEqual([]);
    expect(problems).toEqual([]);
  });
});
