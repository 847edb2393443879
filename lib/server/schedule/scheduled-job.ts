import type { Attributes, Span } from '@opentelemetry/api';
import { ATTR_CODE_FUNCTION_NAME } from '@opentelemetry/semantic-conventions';

/** Metadata keys and scheduler types of `@nestjs/schedule` (read here so that package stays optional). */
export const SCHEDULER_TYPE = 'SCHEDULER_TYPE';
const SCHEDULER_NAME = 'SCHEDULER_NAME';
const SCHEDULE_CRON_OPTIONS = 'SCHEDULE_CRON_OPTIONS';
const SCHEDULE_INTERVAL_OPTIONS = 'SCHEDULE_INTERVAL_OPTIONS';
const SCHEDULE_TIMEOUT_OPTIONS = 'SCHEDULE_TIMEOUT_OPTIONS';
const JOB_TYPES: Record<number, JobType> = { 1: 'cron', 2: 'timeout', 3: 'interval' };

type JobType = 'cron' | 'interval' | 'timeout';

/*
 * OpenTelemetry has no convention for in-process scheduled work (`cicd.pipeline.*` is for CI
 * pipelines): these names are ours, under the package's namespace.
 */
/** `cron`, `interval` or `timeout`: the decorator that scheduled the job. */
export const ATTR_JOB_TYPE = 'nestjs_tracing.job.type';
/** The cron expression as written (`*\/5 * * * * *`), or the ISO date of a one-shot `@Cron(date)`. */
export const ATTR_JOB_CRON = 'nestjs_tracing.job.schedule.cron';
/** The cron's `timeZone` option, when given. */
export const ATTR_JOB_TIME_ZONE = 'nestjs_tracing.job.schedule.time_zone';
/** `@Interval`'s period, in milliseconds. */
export const ATTR_JOB_INTERVAL = 'nestjs_tracing.job.schedule.interval_ms';
/** `@Timeout`'s delay, in milliseconds. */
export const ATTR_JOB_TIMEOUT = 'nestjs_tracing.job.schedule.timeout_ms';
/** How many earlier runs of the same job were still running when this one started; absent when none. */
export const ATTR_JOB_CONCURRENT_RUNS = 'nestjs_tracing.job.concurrent_runs';

/** A job as scheduled once: what each of its runs is called and carries, and its runs going on. */
export interface ScheduledJob {
  /** The job's `name` option, else `{Class}.{method}`. */
  readonly name: string;
  readonly attributes: Attributes;
  readonly running: JobRun[];
}

/** One run of a job; `span` is noted once the run's span is active. */
export interface JobRun {
  readonly job: ScheduledJob;
  /** The latest run of the job still going on when this one started. */
  readonly previous: JobRun | undefined;
  /** How many runs of the job were going on when this one started. */
  readonly concurrent: number;
  span?: Span;
}

function scheduleAttributes(type: JobType, method: Function): Attributes {
  if (type === 'cron') {
    const options = (Reflect.getMetadata(SCHEDULE_CRON_OPTIONS, method) ?? {}) as { cronTime?: unknown; timeZone?: unknown };
    const cronTime = options.cronTime instanceof Date ? options.cronTime.toISOString() : String(options.cronTime);
    return typeof options.timeZone === 'string' ? { [ATTR_JOB_CRON]: cronTime, [ATTR_JOB_TIME_ZONE]: options.timeZone } : { [ATTR_JOB_CRON]: cronTime };
  }
  const key = type === 'interval' ? SCHEDULE_INTERVAL_OPTIONS : SCHEDULE_TIMEOUT_OPTIONS;
  const delay = (Reflect.getMetadata(key, method) as { timeout?: unknown } | undefined)?.timeout;
  return typeof delay === 'number' ? { [type === 'interval' ? ATTR_JOB_INTERVAL : ATTR_JOB_TIMEOUT]: delay } : {};
}

/**
 * The job `@Cron`, `@Interval` or `@Timeout` declared on `method` of `instance`, read from the
 * decorator's metadata; undefined for a method that is none of them.
 */
export function describeScheduledJob(method: Function, instance: object): ScheduledJob | undefined {
  const type = JOB_TYPES[Reflect.getMetadata(SCHEDULER_TYPE, method) as number];
  if (type === undefined) return undefined;
  const functionName = `${instance.constructor.name}.${method.name}`;
  const declaredName = Reflect.getMetadata(SCHEDULER_NAME, method) as unknown;
  return {
    name: typeof declaredName === 'string' && declaredName.length > 0 ? declaredName : functionName,
    attributes: { [ATTR_JOB_TYPE]: type, ...scheduleAttributes(type, method), [ATTR_CODE_FUNCTION_NAME]: functionName },
    running: [],
  };
}

/** Notes a run starting: it follows the latest run still going on, if any. */
export function startRun(job: ScheduledJob): JobRun {
  const run: JobRun = { job, previous: job.running.at(-1), concurrent: job.running.length };
  job.running.push(run);
  return run;
}

export function endRun(run: JobRun): void {
  const index = run.job.running.indexOf(run);
  if (index >= 0) run.job.running.splice(index, 1);
}
