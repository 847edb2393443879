import { diag } from '@opentelemetry/api';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Sits between the span processor and the real exporter so that an exporter that is down is
 * reported once per outage through diag, not once per batch: the first failure is reported,
 * later ones are counted, and recovery is reported with the number of batches lost. The
 * processor is always told the export succeeded, since it would only log the failure again
 * (the OTLP exporter does its own retries).
 */
export class FailureReportingExporter implements SpanExporter {
  private failedBatches = 0;

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const report = (result: ExportResult) => {
      this.record(result, spans.length);
      resultCallback({ code: ExportResultCode.SUCCESS });
    };
    try {
      this.inner.export(spans, report);
    } catch (error) {
      report({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }

  private record(result: ExportResult, spanCount: number): void {
    if (result.code === ExportResultCode.SUCCESS) {
      if (this.failedBatches > 0) {
        diag.info(`nestjs-tracing: span export recovered after ${this.failedBatches} failed batch(es)`);
        this.failedBatches = 0;
      }
      return;
    }
    this.failedBatches += 1;
    if (this.failedBatches === 1) {
      diag.error(`nestjs-tracing: span export failed, ${spanCount} span(s) dropped; further failures are counted until it recovers`, result.error);
    }
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
