/**
 * What the sampler decided since the module started, for a user to watch what sampling does
 * under load. Counts are of local traces (a new trace, or the part of a caller's trace that
 * this process runs), never of single spans.
 */
export interface SamplingStats {
  /** New traces the head sampler kept. */
  sampled: number;
  /** New traces the head sampler did not keep (still recorded when `keep` is on). */
  dropped: number;
  /** Unsampled local traces exported whole because one of their spans ended with ERROR. */
  keptError: number;
  /** Unsampled local traces exported whole because their local root was slower than `slowerThanMs`. */
  keptSlow: number;
  /** Unsampled local traces dropped unfinished because the keep buffer was full (oldest first). */
  bufferDrops: number;
}

/** The live counters behind `SamplingStats`; one per installed SDK. */
export class SamplingCounters implements SamplingStats {
  sampled = 0;
  dropped = 0;
  keptError = 0;
  keptSlow = 0;
  bufferDrops = 0;

  /** A copy, so a reader sees one moment and cannot change the counts. */
  snapshot(): SamplingStats {
    const { sampled, dropped, keptError, keptSlow, bufferDrops } = this;
    return { sampled, dropped, keptError, keptSlow, bufferDrops };
  }
}
