import { INestApplication, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Cron, Interval, ScheduleModule, Timeout } from '@nestjs/schedule';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanAttribute, Traced, TraceService, TracingModule } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';

@Injectable()
class Stock {
  @Traced()
  async count(@SpanAttribute('warehouse') warehouse: string) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return warehouse.length;
  }
}

/** Lets the first run of `Jobs.slowSync` go on until the test has seen an overlapping run. */
let releaseFirstSync: () => void = () => undefined;
const firstSyncDone = new Promise<void>((resolve) => (releaseFirstSync = resolve));

@Injectable()
class Jobs {
  runs = { reconcile: 0, heartbeat: 0, slowSync: 0 };

  constructor(private readonly stock: Stock) {}

  @Cron('* * * * * *', { name: 'reconcile stock', timeZone: 'Europe/Paris' })
  async reconcile() {
    this.runs.reconcile += 1;
    await this.stock.count('paris');
  }

  @Interval(20)
  heartbeat() {
    this.runs.heartbeat += 1;
  }

  @Timeout('warm-up', 10)
  warmUp() {
    throw new Error('cache cold');
  }

  @Interval(15)
  async slowSync() {
    this.runs.slowSync += 1;
    if (this.runs.slowSync === 1) await firstSyncDone;
  }
}

@Module({ providers: [Stock, Jobs] })
class JobsModule {}

const attributes = (span: ReadableSpan) => span.attributes;

describe('scheduled jobs (@nestjs/schedule with real timers): each run a root span', () => {
  const exporter = new TestSpanExporter();
  let app: INestApplication;
  let startup: ReadableSpan;

  beforeAll(async () => {
    @Module({ imports: [TracingModule.forRoot({ serviceName: 'jobs', exporter }), ScheduleModule.forRoot(), JobsModule] })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    // The scheduler sets its timers at bootstrap, here inside a span: the runs must not become its children.
    await trace.getTracer('test').startActiveSpan('startup', async (span) => {
      await app.init();
      span.end();
    });
    startup = exporter.find('startup')!;
  });

  afterAll(async () => {
    releaseFirstSync();
    await app?.close();
  });

  it('runs a named @Cron in a root INTERNAL span named after the job, with its schedule, and its @Traced calls as children', async () => {
    const run = await exporter.waitFor('reconcile stock', 3000);
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(run.parentSpanContext).toBeUndefined();
    expect(run.spanContext().traceId).not.toBe(startup.spanContext().traceId);
    expect(attributes(run)).toEqual({
      'nestjs_tracing.job.type': 'cron',
      'nestjs_tracing.job.schedule.cron': '* * * * * *',
      'nestjs_tracing.job.schedule.time_zone': 'Europe/Paris',
      'code.function.name': 'Jobs.reconcile',
    });
    expect(run.status.code).toBe(SpanStatusCode.UNSET);
    const count = await exporter.waitFor({ name: 'Stock.count', parent: run });
    expect(count.attributes.warehouse).toBe('paris');
  });

  it('names an unnamed @Interval {Class}.{method}, with its period, each run its own trace', async () => {
    const [first, second] = await exporter.waitForAll('Jobs.heartbeat', 2);
    for (const run of [first, second]) {
      expect(run.parentSpanContext).toBeUndefined();
      expect(run.kind).toBe(SpanKind.INTERNAL);
      expect(attributes(run)).toMatchObject({ 'nestjs_tracing.job.type': 'interval', 'nestjs_tracing.job.schedule.interval_ms': 20, 'code.function.name': 'Jobs.heartbeat' });
    }
    expect(first.spanContext().traceId).not.toBe(second.spanContext().traceId);
    expect(first.spanContext().traceId).not.toBe(startup.spanContext().traceId);
  });

  it('marks a run that throws ERROR with the exception, though the scheduler swallows and logs the error', async () => {
    const run = await exporter.waitFor('warm-up');
    expect(attributes(run)).toMatchObject({ 'nestjs_tracing.job.type': 'timeout', 'nestjs_tracing.job.schedule.timeout_ms': 10, 'code.function.name': 'Jobs.warmUp' });
    expect(run.status).toEqual({ code: SpanStatusCode.ERROR, message: 'cache cold' });
    expect(run.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([['exception', 'cache cold']]);
    // The app goes on scheduling: the error did not escape.
    await exporter.waitForAll('Jobs.heartbeat', exporter.findAll('Jobs.heartbeat').length + 1);
  });

  it('shows a run that overlaps a still-running one: it counts the runs going on and links to the latest', async () => {
    const overlapping = await exporter.waitFor((span) => span.name === 'Jobs.slowSync' && span.attributes['nestjs_tracing.job.concurrent_runs'] === 1);
    // The first run is still going on: every run ended so far overlapped it.
    expect(exporter.findAll('Jobs.slowSync').map((span) => span.attributes['nestjs_tracing.job.concurrent_runs'])).not.toContain(undefined);
    releaseFirstSync();
    const first = await exporter.waitFor((span) => span.name === 'Jobs.slowSync' && span.attributes['nestjs_tracing.job.concurrent_runs'] === undefined);
    expect(overlapping.links.map((link) => link.context.spanId)).toEqual([first.spanContext().spanId]);
    expect(overlapping.spanContext().traceId).not.toBe(first.spanContext().traceId);
    // Once the first run ended, runs no longer overlap.
    const later = await exporter.waitForAll('Jobs.slowSync', exporter.findAll('Jobs.slowSync').length + 2);
    expect(later.at(-1)!.attributes).not.toHaveProperty(['nestjs_tracing.job.concurrent_runs']);
    expect(later.at(-1)!.links).toEqual([]);
  });

  it('runs every job exactly once per tick', () => {
    const jobs = app.get(Jobs);
    // Runs counted by the job itself never fall behind the spans ended (a second wrapper would double them).
    expect(exporter.findAll('Jobs.heartbeat').length).toBeLessThanOrEqual(jobs.runs.heartbeat);
    expect(exporter.findAll('reconcile stock').length).toBeLessThanOrEqual(jobs.runs.reconcile);
    expect(exporter.findAll('reconcile stock').length).toBeGreaterThanOrEqual(jobs.runs.reconcile - 1);
  });
});

describe('scheduled jobs: a run is a new trace, decided by the head sampler', () => {
  it('records no run of a job when the sampler keeps no new trace, and counts the decisions', async () => {
    const exporter = new TestSpanExporter();
    @Module({ imports: [TracingModule.forRoot({ serviceName: 'jobs', exporter, sampler: { ratio: 0 } }), ScheduleModule.forRoot(), JobsModule] })
    class UnsampledModule {}
    const app = await NestFactory.createApplicationContext(UnsampledModule, { logger: false, abortOnError: false });
    try {
      const jobs = app.get(Jobs);
      while (jobs.runs.heartbeat < 3) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(app.get(TraceService).samplingStats?.dropped).toBeGreaterThanOrEqual(3);
      expect(exporter.findAll((span) => span.name.startsWith('Jobs.'))).toEqual([]);
    } finally {
      releaseFirstSync();
      await app.close();
    }
  });
});

describe('scheduled jobs: Nest\'s registration step is wrapped while an app traces', () => {
  it('puts ScheduleExplorer back when the last app closes', async () => {
    // Not exported by the package: the test reads it where it lives.
    const { ScheduleExplorer } = require('@nestjs/schedule/dist/schedule.explorer') as { ScheduleExplorer: { prototype: Record<string, unknown> } };
    const original = ScheduleExplorer.prototype.wrapFunctionInTryCatchBlocks;
    const exporter = new TestSpanExporter();
    @Module({ imports: [TracingModule.forRoot({ serviceName: 'jobs', exporter }), ScheduleModule.forRoot(), JobsModule] })
    class FirstModule {}
    @Module({ imports: [TracingModule.forRoot({ serviceName: 'jobs-2', exporter }), ScheduleModule.forRoot(), JobsModule] })
    class SecondModule {}
    const first = await NestFactory.createApplicationContext(FirstModule, { logger: false, abortOnError: false });
    const second = await NestFactory.createApplicationContext(SecondModule, { logger: false, abortOnError: false });
    expect(ScheduleExplorer.prototype.wrapFunctionInTryCatchBlocks).not.toBe(original);
    await first.close();
    expect(ScheduleExplorer.prototype.wrapFunctionInTryCatchBlocks).not.toBe(original);
    await exporter.waitFor((span) => span.name === 'Jobs.heartbeat' && span.resource.attributes['service.name'] === 'jobs-2');
    await second.close();
    expect(ScheduleExplorer.prototype.wrapFunctionInTryCatchBlocks).toBe(original);
  });
});
