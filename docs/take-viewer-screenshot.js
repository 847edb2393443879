// Takes docs/trace-viewer.png: the sample app's failed order in the trace viewer.
// Run `ORDERS_PORT=0 USERS_PORT=0 INVENTORY_PORT=0 PAYMENTS_PORT=0 PAYMENTS_GRPC_PORT=0 NOTIFICATIONS_PORT=0 npm start -- --keep-running`,
// then `node docs/take-viewer-screenshot.js <viewer URL it printed>` (needs /usr/bin/chromium).
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { chromium } = require('playwright-core');

async function main(viewerUrl) {
  const profile = mkdtempSync(join(tmpdir(), 'viewer-shot-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1600, height: 640 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await page.goto(viewerUrl);
  await page.check('#errors-only');
  await page.click('#trace-list tbody tr');
  await page.waitForSelector('#waterfall .span-row');
  await page.click('#waterfall .span-row.error >> nth=-1');
  await page.screenshot({ path: join(__dirname, 'trace-viewer.png'), fullPage: true });
  await context.close();
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
