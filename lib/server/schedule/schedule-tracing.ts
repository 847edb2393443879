import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../../diagnostics';
import { FrameworkHandlers } from '../../entry/framework-handlers';
import type { Method } from '../../entry/prototype-wrap';
import { describeScheduledJob, SCHEDULER_TYPE, ScheduledJob } from './scheduled-job';
import type { ScheduledJobTracer } from './scheduled-job.tracer';

function jobOf(method: unknown, instance: unknown): ScheduledJob | undefined {
  try {
    return typeof method === 'function' && instance !== null && typeof instance === 'object' ? describeScheduledJob(method, instance) : undefined;
  } catch (error) {
    reportOnce('scheduled-job', 'reading a scheduled job failed; its runs are not traced', error);
    return undefined;
  }
}

/**
 * `ScheduleExplorer.wrapFunctionInTryCatchBlocks(method, instance)` is where `@nestjs/schedule`
 * turns each `@Cron`, `@Interval` and `@Timeout` method into what its timers call (a try/catch
 * that logs errors): our run goes inside it, so the span sees what the job throws.
 */
function traceJobRegistration(original: Method): Method {
  return function wrapFunctionInTryCatchBlocks(this: unknown, method: unknown, instance: unknown, ...rest: unknown[]) {
    const tracer = scheduledJobs.tracerOf(instance);
    const job = tracer && jobOf(method, instance);
    if (!tracer || !job) return Reflect.apply(original, this, [method, instance, ...rest]);
    const tracedRun = function tracedJobRun(this: unknown, ...args: unknown[]) {
      return tracer.traceRun(job, method as Function, this, args);
    };
    return Reflect.apply(original, this, [tracedRun, instance, ...rest]);
  };
}

const scheduledJobs = new FrameworkHandlers<ScheduledJobTracer>(
  { what: 'scheduled jobs', metadataKey: SCHEDULER_TYPE, className: 'ScheduleExplorer', method: 'wrapFunctionInTryCatchBlocks' },
  traceJobRegistration,
);

/**
 * Makes each run of the `@Cron`, `@Interval` and `@Timeout` jobs of the app's providers and
 * controllers a root span. Done while the app's providers are created, before the scheduler
 * explores them (on module init).
 */
export function traceScheduledJobs(discovery: DiscoveryService, tracer: ScheduledJobTracer): void {
  scheduledJobs.trace(discovery, tracer);
}

/** The app is closing: its jobs are no longer traced. */
export function untraceScheduledJobs(tracer: ScheduledJobTracer): void {
  scheduledJobs.untrace(tracer);
}
