'use strict';
// The gRPC configurations compared. `setup()` runs in the server process before Nest (and so
// @grpc/grpc-js) is loaded, since instrumentation-grpc patches on require, and returns the
// same hooks as the HTTP configs (http/configs.js): imports, decorateService, flush, spans.
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod } = require('../lib/decorators');
const { library } = require('../lib/paths');
const { floorConfig, registerOtelSdk } = require('../http/otel-sdk');
const { controllerFloor } = require('../lib/microservice-server');

const SPAN_NAME = 'PaymentsService.charge';

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  controllerFloor(floorConfig, 'call'),
  {
    name: 'otel-grpc',
    label: 'OTel instrumentation-grpc',
    setup() {
      const sdk = registerOtelSdk();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc');
      registerInstrumentations({ instrumentations: [new GrpcInstrumentation()] });
      return sdk;
    },
  },
  {
    name: 'ours',
    label: 'nestjs-tracing, AlwaysOn',
    ours: true,
    setup() {
      const { TracingModule, Traced, SpanAttribute } = library();
      const exporter = new CountingExporter();
      return {
        // No app config: the module puts its interceptor on gRPC controllers itself.
        imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch', sampler: { ratio: 1 } })],
        decorateService: (PaymentsService) =>
          applyToMethod(PaymentsService, 'charge', [Traced(SPAN_NAME)], [[0, SpanAttribute('order.id', (request) => request.orderId)]]),
        spans: () => exporter.exported, // the module flushes on app.close()
      };
    },
  },
];

module.exports = { configs };
