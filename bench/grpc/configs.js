'use strict';
// The gRPC configurations compared. `setup()` runs in the server process before Nest (and so
// @grpc/grpc-js) is loaded, since instrumentation-grpc patches on require, and returns the
// same hooks as the HTTP configs (http/configs.js): imports, decorateService, flush, spans.
const { context, createContextKey, ROOT_CONTEXT } = require('@opentelemetry/api');
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod } = require('../lib/decorators');
const { library } = require('../lib/paths');
const { registerOtelSdk } = require('../http/otel-sdk');

const SPAN_NAME = 'PaymentsService.charge';

const FLOOR_KEY = createContextKey('bench floor call');

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  {
    name: 'floor',
    label: 'floor: SDK + context.with per call, no spans',
    setup() {
      const sdk = registerOtelSdk();
      return {
        // Around the controller's handler, where ours starts its span.
        decorateController: (PaymentsController) => {
          const charge = PaymentsController.prototype.charge;
          const wrapped = function (request, ...rest) {
            return context.with(ROOT_CONTEXT.setValue(FLOOR_KEY, request), () => charge.call(this, request, ...rest));
          };
          for (const key of Reflect.getOwnMetadataKeys(charge)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, charge), wrapped);
          PaymentsController.prototype.charge = wrapped;
        },
        flush: sdk.flush,
        spans: () => sdk.exporter.exported,
      };
    },
  },
  {
    name: 'otel-grpc',
    label: 'OTel instrumentation-grpc',
    setup() {
      const sdk = registerOtelSdk();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc');
      registerInstrumentations({ instrumentations: [new GrpcInstrumentation()] });
      return { flush: sdk.flush, spans: () => sdk.exporter.exported };
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
