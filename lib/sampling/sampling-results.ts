import { SamplingDecision, SamplingResult } from '@opentelemetry/sdk-trace-base';

export const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });
export const NOT_RECORDED: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
/** Recorded, but not sampled: the span's context (and what it propagates) says unsampled. */
export const RECORD_ONLY: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });
