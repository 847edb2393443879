import { Context, trace } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { NOT_RECORDED, RECORD_ONLY } from './sampling-results';

/**
 * With `keep` on, for a span whose caller's trace is unsampled: recorded (so it can still be
 * kept if it fails), and its context still says unsampled to what it calls.
 */
export class RecordOnlySampler implements Sampler {
  shouldSample(): SamplingResult {
    return RECORD_ONLY;
  }

  toString(): string {
    return 'RecordOnlySampler';
  }
}

/**
 * With `keep` on, for a child of an unsampled local span: recorded while its parent is, so the
 * whole local trace can be exported if one of its spans fails.
 */
export class RecordWithParentSampler implements Sampler {
  shouldSample(context: Context): SamplingResult {
    return trace.getSpan(context)?.isRecording() ? RECORD_ONLY : NOT_RECORDED;
  }

  toString(): string {
    return 'RecordWithParentSampler';
  }
}
