'use strict';
// Configs of the GraphQL part, run by graphql/server.js: untraced; the floor; OpenTelemetry's
// instrumentation-graphql (defaults) with http and express; ours, AlwaysOn.
const { CountingExporter } = require('../lib/counting-exporter');
const { library } = require('../lib/paths');
const { floorConfig, registerOtelSdk } = require('../http/otel-sdk');

const configs = [
  { name: 'graphql-untraced', label: 'untraced', setup: () => ({}) },
  {
    // What any AsyncLocalStorage tracer pays: one context entered per request, no spans.
    ...floorConfig('request', (enterFloor) => ({
      afterListen(server) {
        const listeners = server.listeners('request');
        server.removeAllListeners('request');
        for (const listener of listeners) server.on('request', (request, response) => enterFloor(request, () => listener.call(server, request, response)));
      },
    })),
    name: 'graphql-floor',
  },
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
