import { diag } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { isConnectionRefused } from './collector-probe';
import type { StatusLog } from './status-log';

export interface FailureReportingOptions {
  /** Where failures and recoveries are told besides diag (Nest's logger). */
  log?: StatusLog;
  /** The collector URL, when known: at shutdown, a refused connection is detected at once. */
  endpoint?: string;
}

/**
 * Sits between the span processor and the real exporter so that an exporter that is down is
 * reported once per outage (diag, and Nest's logger), not once per batch: the first failure is
 * reported, later ones are counted, and recovery is reported with the number of batches lost.
 * The processor is always told the export succeeded, since it would only log the failure again
 * (the OTLP exporter does its own retries).
 *
 * At shutdown it checks whether the collector refuses connections: the OTLP exporter would retry
 * a refused connection until its timeout (10 s by default), holding up the app's exit for spans
 * that cannot be delivered. When it is refused, pending exports are dropped (and reported) at
 * once; a collector that accepts or hangs is left to the exporter, so no span is lost when it
 * answers and the wait stays within the export timeout when it does not.
 */
export class FailureReportingExporter implements SpanExporter {
  private failedBatches = 0;
  /** Settles each export still waiting for the exporter, as failed. */
  private readonly pending = new Set<(error: Error) => void>();
  /** Set once shutdown began: resolves true when the collector refuses connections. */
  private refusedAtShutdown: Promise<boolean> | undefined;

  constructor(
    private readonly inner: SpanExporter,
    private readonly options: FailureReportingOptions = {},
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let settled = false;
    const report = (result: ExportResult) => {
      if (settled) return;
      settled = true;
      this.pending.delete(abandon);
      this.record(result, spans.length);
      resultCallback({ code: ExportResultCode.SUCCESS });
    };
    const abandon = (error: Error) => report({ code: ExportResultCode.FAILED, error });
    this.pending.add(abandon);
    try {
      this.inner.export(spans, report);
    } catch (error) {
      report({ code: ExportResultCode.FAILED, error: error as Error });
    }
    if (this.refusedAtShutdown) void this.refusedAtShutdown.then((refused) => refused && this.abandonPending());
  }

  /**
   * Called before the provider flushes for shutdown: from now on, exports (this flush's and
   * those in flight) are dropped as soon as the collector is found refusing connections.
   */
  beginShutdown(): void {
    if (this.refusedAtShutdown || !this.options.endpoint) return;
    this.refusedAtShutdown = isConnectionRefused(this.options.endpoint);
    void this.refusedAtShutdown.then((refused) => refused && this.abandonPending());
  }

  private abandonPending(): void {
    const error = new Error(`the collector at ${this.options.endpoint} refused the connection at shutdown (ECONNREFUSED)`);
    for (const abandon of [...this.pending]) abandon(error);
  }

  private record(result: ExportResult, spanCount: number): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failedBatches > 0) {
        diag.info(`nestjs-tracing: span export recovered after ${this.failedBatches} failed batch(es)`);
        this.options.log?.exportRecovered(this.failedBatches);
        this.failedBatches = 0;
      }
      return;
    }
    this.failedBatches += 1;
    if (this.failedBatches === 1) {
      diag.error(`nestjs-tracing: span export failed, ${spanCount} span(s) dropped; further failures are counted until it recovers`, result.error);
      this.options.log?.exportFailed(spanCount, result.error);
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  async shutdown(): Promise<void> {
    // The exporter's own shutdown waits for the exports it is still retrying: not worth waiting
    // for when the collector refuses connections.
    const closing = this.inner.shutdown();
    if (this.refusedAtShutdown && (await this.refusedAtShutdown)) {
      closing.catch(() => undefined);
      return;
    }
    await closing;
  }
}
