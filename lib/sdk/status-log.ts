import { Logger } from '@nestjs/common';

/**
 * What the module tells the app's own log (Nest's logger, so it shows with the app's other lines
 * and obeys its levels): where spans go, once at startup, and when exporting them fails and
 * recovers, once per outage. `quiet` turns it off; the diag logger still gets the failures.
 */
export interface StatusLog {
  started(description: string): void;
  exportFailed(spanCount: number, error: unknown): void;
  exportRecovered(failedBatches: number): void;
}

const SILENT: StatusLog = { started: () => undefined, exportFailed: () => undefined, exportRecovered: () => undefined };

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error ?? 'unknown error');
}

export function statusLog(quiet: boolean | undefined): StatusLog {
  if (quiet) return SILENT;
  const logger = new Logger('TracingModule');
  return {
    started: (description) => logger.log(description),
    exportFailed: (spanCount, error) =>
      logger.warn(`span export failed (${reason(error)}); ${spanCount} span(s) dropped, and further failures are counted until it recovers`),
    exportRecovered: (failedBatches) => logger.log(`span export recovered after ${failedBatches} failed batch(es)`),
  };
}
