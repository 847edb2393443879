'use strict';
// A span exporter that only counts: the bench measures creating, ending and queueing spans,
// never serialising or sending them.
const { ExportResultCode } = require('@opentelemetry/core');

class CountingExporter {
  constructor() {
    this.exported = 0;
  }
  export(spans, done) {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown() {
    return Promise.resolve();
  }
  forceFlush() {
    return Promise.resolve();
  }
}

module.exports = { CountingExporter };
