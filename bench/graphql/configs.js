'use strict';
// Configs of the GraphQL part, run by graphql/server.js: untraced; OpenTelemetry's
// instrumentation-graphql (defaults) with http and express; ours, AlwaysOn.
const { CountingExporter } = require('../lib/counting-exporter');
const { library } = require('../lib/paths');
const { registerOtelSdk } = require('../http/otel-sdk');

const configs = [
  { name: 'graphql-untraced', label: 'untraced', setup: () => ({}) },
  {
    name: 'graphql-otel',
    label: 'OTel instrumentation-graphql (defaults) + http + express',
    setup() {
      const sdk = registerOtelSdk();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      registerInstrumentations({
        instrumentations: [
          new (require('@opentelemetry/instrumentation-http').HttpInstrumentation)(),
          new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)(),
          new (require('@opentelemetry/instrumentation-graphql').GraphQLInstrumentation)(),
        ],
      });
      return sdk;
    },
  },
  {
    name: 'graphql-ours',
    label: 'nestjs-tracing, AlwaysOn (SERVER named after the operation + 2 async resolvers)',
    setup() {
      const { TracingModule } = library();
      const exporter = new CountingExporter();
      return {
        imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch' })],
        spans: () => exporter.exported,
      };
    },
  },
];

module.exports = { configs };
