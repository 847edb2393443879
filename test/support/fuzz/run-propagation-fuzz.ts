import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PropagationCase, propagationCase } from './propagation-cases';
import { SeededRandom } from './seeded-random';
import { CASE_ATTRIBUTE, FuzzTransport, HandlerView } from './fuzz-transports';
import { heapUsedAfterGc as heapUsed } from '../heap';


export interface FuzzRun {
  cases: number;
  /** Heap growth from after the first chunk to the end, in bytes, after a full GC. */
  heapGrowth: number;
  /** How many cases expected each outcome. */
  outcomes: Record<string, number>;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[0-3])$/;

/** Every way `view` and `spans` differ from what `testCase` must produce; empty when it holds. */
function check(testCase: PropagationCase, view: HandlerView, spans: ReadableSpan[]): string[] {
  const problems: string[] = [];
  const sent = TRACEPARENT.exec(view.traceparent ?? '');
  if (!sent) return [`handler would send traceparent ${JSON.stringify(view.traceparent)}`];
  const [, traceId, , flagsHex] = sent;
  const flags = parseInt(flagsHex, 16);
  const continued = testCase.expected !== 'new-trace';
  if (continued && traceId !== testCase.traceId) problems.push(`trace ${traceId} instead of the caller's ${testCase.traceId}`);
  if (!continued && traceId === testCase.traceId) problems.push('continued a trace from an invalid traceparent');
  const sampled = testCase.expected !== 'continue-unsampled';
  if (((flags & 1) === 1) !== sampled) problems.push(`sampled flag ${flags & 1}, expected ${sampled ? 1 : 0}`);
  const random = continued ? testCase.random : true;
  if (((flags & 2) === 2) !== random) problems.push(`random flag ${(flags & 2) >> 1}, expected ${random ? 1 : 0}`);
  if (!sampled) {
    if (spans.length !== 0) problems.push(`${spans.length} span(s) recorded for an unsampled caller`);
    return problems;
  }
  if (spans.length !== 1) return [...problems, `${spans.length} entry spans instead of 1`];
  const [span] = spans;
  if (span.spanContext().traceId !== traceId) problems.push('the span is not in the trace the handler propagates');
  const parent = span.parentSpanContext;
  if (continued && (parent?.spanId !== testCase.parentId || parent?.traceId !== testCase.traceId)) problems.push("the span's parent is not the caller's");
  if (!continued && parent) problems.push('a new trace whose span has a parent');
  return problems;
}

/**
 * Sends `count` seeded cases through `transport`, `concurrency` at a time, in chunks; after each
 * chunk checks every case against the spans exported for it and against the traceparent its
 * handler would propagate, then empties the exporter. Throws with the first failures, each with
 * its case and seed, so a failure can be replayed.
 */
export async function runPropagationFuzz(transport: FuzzTransport, seed: number, count: number, concurrency = 16, chunk = 500): Promise<FuzzRun> {
  const random = new SeededRandom(seed);
  const outcomes: Record<string, number> = {};
  let baseline = 0;
  for (let start = 0; start < count; start += chunk) {
    const cases = Array.from({ length: Math.min(chunk, count - start) }, (_, offset) => propagationCase(random, start + offset, transport));
    const views = new Map<string, HandlerView>();
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const testCase = cases[next++];
        try {
          views.set(testCase.id, await transport.send(testCase.id, testCase.headers));
        } catch (error) {
          failures.push(`${testCase.id} (${testCase.description}) was not served: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const spansByCase = new Map<unknown, ReadableSpan[]>();
    for (const span of transport.exporter.spans) {
      const id = span.attributes[CASE_ATTRIBUTE];
      spansByCase.set(id, [...(spansByCase.get(id) ?? []), span]);
    }
    for (const testCase of cases) {
      outcomes[testCase.expected] = (outcomes[testCase.expected] ?? 0) + 1;
      const view = views.get(testCase.id);
      if (!view) continue;
      const problems = check(testCase, view, spansByCase.get(testCase.id) ?? []);
      if (problems.length > 0) failures.push(`${testCase.id} (${testCase.description}, ${JSON.stringify(testCase.headers).slice(0, 300)}): ${problems.join('; ')}`);
    }
    if (failures.length > 0) {
      throw new Error(`${transport.name}, seed ${seed}: ${failures.length} case(s) failed, first ones:\n${failures.slice(0, 5).join('\n')}`);
    }
    transport.exporter.reset();
    if (start === 0) baseline = heapUsed();
  }
  return { cases: count, heapGrowth: heapUsed() - baseline, outcomes };
}
