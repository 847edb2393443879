import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { EntryPoint, runEntryPoint } from '../../entry/entry-point';
import type { TracingSdk } from '../../sdk/tracing-sdk';
import { TRACING_SDK } from '../../tracing.constants';
import { tracingRuntime } from '../../tracing.runtime';
import { ATTR_JOB_CONCURRENT_RUNS, endRun, JobRun, ScheduledJob, startRun } from './scheduled-job';
import { untraceScheduledJobs } from './schedule-tracing';

/**
 * A run of a scheduled job as an entry point: always a new trace (whatever was active when the
 * scheduler set its timer), decided by the head sampler like any root. INTERNAL, as OpenTelemetry
 * keeps CONSUMER for work a remote producer sent. A run that starts while the previous one is
 * still going on counts it and links to it.
 */
const JOB_RUN_ENTRY: EntryPoint<JobRun> = {
  name: 'scheduled job',
  parent: () => ROOT_CONTEXT,
  spanName: (run) => run.job.name,
  spanKind: () => SpanKind.INTERNAL,
  attributes: (run) => (run.concurrent > 0 ? { ...run.job.attributes, [ATTR_JOB_CONCURRENT_RUNS]: run.concurrent } : run.job.attributes),
  links: (run) => {
    const previous = run.previous?.span?.spanContext();
    return previous ? [{ context: previous }] : undefined;
  },
};

/** Runs each run of the app's `@Cron`, `@Interval` and `@Timeout` jobs in a root span. */
@Injectable()
export class ScheduledJobTracer implements OnApplicationShutdown {
  constructor(@Inject(TRACING_SDK) private readonly sdk: TracingSdk) {}

  /** Awaited by the scheduler's own wrapper, which logs and swallows what the job throws. */
  async traceRun(job: ScheduledJob, method: Function, thisArg: unknown, args: unknown[]): Promise<unknown> {
    const run = startRun(job);
    try {
      return await runEntryPoint(JOB_RUN_ENTRY, run, this.sdk.appTracer, noteSpanThenCall, thisArg, [run, method, args]);
    } finally {
      endRun(run);
    }
  }

  /** After the app's scheduler cleared its timers. */
  onApplicationShutdown(): void {
    untraceScheduledJobs(this);
  }
}

/** Inside the run's span: keeps the span for a run that overlaps this one, then runs the job. */
function noteSpanThenCall(this: unknown, run: JobRun, method: Function, args: unknown[]): unknown {
  run.span = trace.getSpan(tracingRuntime.activeContext());
  return Reflect.apply(method, this, args);
}
