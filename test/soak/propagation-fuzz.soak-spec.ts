import { PLATFORMS } from '../support/http-apps';
import { FuzzTransport, grpcFuzzTransport, httpFuzzTransport } from '../support/fuzz/fuzz-transports';
import { runPropagationFuzz } from '../support/fuzz/run-propagation-fuzz';

/** The propagation fuzz of `npm test`, with more cases and other seeds (SOAK_SEED to replay one). */
const SEEDS = process.env.SOAK_SEED ? [Number(process.env.SOAK_SEED)] : [1, 2, 3];
const CASES = Number(process.env.SOAK_CASES ?? 20000);

const TRANSPORTS: [string, () => Promise<FuzzTransport>][] = [
  ...PLATFORMS.map((platform): [string, () => Promise<FuzzTransport>] => [`HTTP on ${platform}`, () => httpFuzzTransport(platform, 32)]),
  ['gRPC Metadata', () => grpcFuzzTransport()],
];

describe.each(TRANSPORTS)('propagation fuzz soak: %s', (_, startTransport) => {
  it.each(SEEDS)(`serves ${CASES} cases of seed %i in bounded memory`, async (seed) => {
    const transport = await startTransport();
    try {
      const run = await runPropagationFuzz(transport, seed, CASES, 32, 2000);
      expect(run.heapGrowth).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await transport.close();
    }
  });
});
