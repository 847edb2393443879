/** Deterministic, evenly spread trace ids (32 hex digits) for sampler tests: the same seed, the same ids. */
export function seededTraceIds(seed: number): () => string {
  let state = seed >>> 0;
  const next32 = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return () => [next32(), next32(), next32(), next32()].map((word) => word.toString(16).padStart(8, '0')).join('');
}
