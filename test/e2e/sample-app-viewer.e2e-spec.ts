import { SpanKind } from '@opentelemetry/api';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import type { Page } from 'playwright-core';
import { RunningServices, startServices } from '../../sample-app/start-services';
import { HeadlessChromium, launchChromium } from '../support/headless-chromium';

const EPHEMERAL = { orders: 0, users: 0, inventory: 0, payments: 0, paymentsGrpc: 0, notifications: 0 };

/** The little of a waterfall row this test reads (the project compiles without the DOM's types). */
interface RowElement {
  classList: { contains(name: string): boolean };
  querySelector(selector: string): { textContent: string | null } | null;
}

/** Name, service and red mark of each waterfall row, top to bottom. */
function rowsOf(page: Page): Promise<Array<{ name: string; service: string; error: boolean }>> {
  return page.$$eval('#waterfall .span-row', (rows) =>
    rows.map((row) => {
      const element = row as unknown as RowElement;
      return {
        name: element.querySelector('.span-name')!.textContent!,
        service: element.querySelector('.service')?.textContent ?? '',
        error: element.classList.contains('error'),
      };
    }),
  );
}

// What a person does with `npm start -- --keep-running`: open the viewer of orders, click the
// declined order, and see where it failed.
describe('sample app: the trace viewer of orders in headless Chromium', () => {
  const exporter = new TestSpanExporter();
  let services: RunningServices;
  let browser: HeadlessChromium;

  beforeAll(async () => {
    browser = await launchChromium();
    services = await startServices({ exporter, ports: EPHEMERAL, logger: false, databaseUrl: '' });
    await services.stockReconciliation.pause();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await services?.close();
  });

  it('shows the declined order as a waterfall across the five services, the failed payment in red', async () => {
    const response = await fetch(`${services.urls.orders}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: '123', productId: '456', quantity: 1, amount: 99.99 }),
    });
    expect(response.status).toBe(422);
    const root = await exporter.waitFor((span) => span.name === 'POST /orders' && span.kind === SpanKind.SERVER);
    const traceId = root.spanContext().traceId;
    await exporter.waitFor((span) => span.name === 'PaymentsService.charge' && span.spanContext().traceId === traceId);

    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${services.urls.orders}/_traces`);
    await page.click(`tr[data-trace-id="${traceId}"]`);
    await page.waitForSelector('#waterfall .span-row');
    const rows = await rowsOf(page);
    // A 422 is the client's problem: the SERVER span stays unset, the work below it failed.
    expect(rows[0]).toEqual({ name: 'POST /orders', service: 'orders', error: false });
    expect(rows).toContainEqual({ name: 'process_order', service: 'orders', error: true });
    expect(rows).toContainEqual({ name: 'SELECT users', service: 'users', error: false });
    expect(rows).toContainEqual({ name: 'GET /inventory/:productId', service: 'inventory', error: false });
    expect(rows).toContainEqual({ name: 'PaymentsService.charge', service: 'payments', error: true });
    expect(await page.textContent('#first-error')).toContain('insufficient balance');
  }, 60_000);
});
