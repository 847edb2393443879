'use strict';
// Configs of the outgoing-HTTP part: GET /users/:id -> UsersService.getUser(id), which makes one
// outgoing `fetch` to a downstream server ($BENCH_DOWNSTREAM_URL, run by the bench driver, not
// measured) and merges its answer. Run by http/server.js like the HTTP configs.
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod } = require('../lib/decorators');
const { library } = require('../lib/paths');
const { registerOtelSdk } = require('../http/otel-sdk');

/** Makes getUser fetch the user's profile from the downstream service. */
function fetchProfile(UsersService) {
  UsersService.prototype.getUser = async function getUser(id) {
    const response = await fetch(`${process.env.BENCH_DOWNSTREAM_URL}/profiles/${id}`);
    const profile = await response.json();
    return { id, name: 'Ada Lovelace', email: 'ada@example.com', plan: profile.plan };
  };
}

const configs = [
  { name: 'fetch-untraced', label: 'untraced', setup: () => ({ decorateService: fetchProfile }) },
  {
    name: 'fetch-otel',
    label: 'OTel auto-instrumentation (http, undici, express, nestjs-core)',
    setup() {
      const sdk = registerOtelSdk();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      registerInstrumentations({
        instrumentations: [
          new (require('@opentelemetry/instrumentation-http').HttpInstrumentation)(),
          new (require('@opentelemetry/instrumentation-undici').UndiciInstrumentation)(),
          new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)(),
          new (require('@opentelemetry/instrumentation-nestjs-core').NestInstrumentation)(),
        ],
      });
      return { ...sdk, decorateService: fetchProfile };
    },
  },
  {
    name: 'fetch-ours',
    label: 'nestjs-tracing, AlwaysOn (SERVER + @Traced + CLIENT)',
    setup() {
      const { TracingModule, Traced, SpanAttribute } = library();
      const exporter = new CountingExporter();
      return {
        imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch' })],
        decorateService(UsersService) {
          fetchProfile(UsersService);
          applyToMethod(UsersService, 'getUser', [Traced('UsersService.getUser')], [[0, SpanAttribute('user.id')]]);
        },
        spans: () => exporter.exported,
      };
    },
  },
];

module.exports = { configs };
