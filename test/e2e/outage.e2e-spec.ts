import type { CollectorMode } from '../support/otlp-collector';
import { runOutage } from '../support/outage';

/**
 * A collector outage under traffic, short (`npm run test:soak` runs a minute of each): no
 * request fails, the heap does not grow with the spans that cannot be delivered, and spans flow
 * again once the collector is back. Closed ports: otlp-export.e2e-spec.ts and shutdown.e2e-spec.ts.
 */
describe('a collector outage under traffic', () => {
  it.each<CollectorMode>(['unavailable', 'hang'])('collector %s: every request served, bounded heap, export resumes', async (mode) => {
    const run = await runOutage(mode, 0, 3000);
    expect(run.statuses).toEqual(new Map([[200, run.requests]]));
    // 3000 SERVER spans would be a few MiB if kept; the queue keeps at most 2048 and drops the rest.
    expect(run.heapGrowth).toBeLessThan(32 * 1024 * 1024);
  }, 60000);
});
