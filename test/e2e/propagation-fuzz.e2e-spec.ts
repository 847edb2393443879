import { PLATFORMS } from '../support/http-apps';
import { FuzzTransport, grpcFuzzTransport, httpFuzzTransport } from '../support/fuzz/fuzz-transports';
import { runPropagationFuzz } from '../support/fuzz/run-propagation-fuzz';

/**
 * Seeded fuzzing of traceparent / tracestate / baggage on every traced entry point: each case
 * is served, gets exactly one entry span (none for a valid unsampled caller), continues the
 * caller's trace when its traceparent is valid and starts a new one when it is not, and memory
 * stays bounded. A failure names its seed and case. `npm run test:soak` runs many more cases.
 * A new transport (a message consumer) joins by adding its `FuzzTransport` here.
 */
const SEED = 20261203;
const CASES = 1000;
/** Far above what the cases leave alive (nothing, once exported and reset), far below a leak of them. */
const HEAP_BOUND = 32 * 1024 * 1024;

const TRANSPORTS: [string, () => Promise<FuzzTransport>][] = [
  ...PLATFORMS.map((platform): [string, () => Promise<FuzzTransport>] => [`HTTP on ${platform}`, () => httpFuzzTransport(platform, 16)]),
  ['gRPC Metadata', () => grpcFuzzTransport()],
];

describe.each(TRANSPORTS)('propagation fuzz: %s', (_, startTransport) => {
  it(`serves ${CASES} seeded cases with the right trace and one span each, in bounded memory`, async () => {
    const transport = await startTransport();
    try {
      const run = await runPropagationFuzz(transport, SEED, CASES);
      expect(run.cases).toBe(CASES);
      // The generator covers every outcome.
      expect(Object.keys(run.outcomes).sort()).toEqual(['continue-sampled', 'continue-unsampled', 'new-trace']);
      expect(run.heapGrowth).toBeLessThan(HEAP_BOUND);
    } finally {
      await transport.close();
    }
  }, 60000);
});
