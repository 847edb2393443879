'use strict';
// The fetch + pg row's configurations: untraced; OpenTelemetry's auto-instrumentation for the
// same work (http SERVER span, undici for fetch, pg) with the service method wrapped by hand
// in `startActiveSpan`, as a user of those packages would write the @Traced span; ours, the
// module and @Traced, nothing else (fetch and pg are traced by the module).
const { SpanStatusCode, trace } = require('@opentelemetry/api');
const { ours, SPAN_NAME } = require('../http/configs');
const { registerOtelSdk } = require('../http/otel-sdk');

/** What `@Traced` does, written with the API: a child span around the returned promise. */
function startActiveSpanAround(UsersService) {
  const original = UsersService.prototype.getUser;
  const tracer = trace.getTracer('bench');
  UsersService.prototype.getUser = function (id) {
    return tracer.startActiveSpan(SPAN_NAME, { attributes: { 'user.id': id } }, (span) =>
      original.call(this, id).then(
        (value) => {
          span.end();
          return value;
        },
        (error) => {
          span.recordException(error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          span.end();
          throw error;
        },
      ),
    );
  };
}

const fetchPgConfigs = [
  { name: 'fetch-pg-untraced', label: 'untraced', app: 'fetch-pg', setup: () => ({}) },
  {
    name: 'fetch-pg-otel-auto',
    label: 'OTel auto-instrumentation (http, undici, pg) + startActiveSpan',
    app: 'fetch-pg',
    setup() {
      const sdk = registerOtelSdk();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
      const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici');
      const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
      registerInstrumentations({ instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation(), new PgInstrumentation()] });
      return { decorateService: startActiveSpanAround, ...sdk };
    },
  },
  { name: 'fetch-pg-ours', label: 'nestjs-tracing, AlwaysOn (TracingModule + @Traced)', app: 'fetch-pg', ours: true, setup: ours({ ratio: 1 }) },
];

module.exports = { fetchPgConfigs };
