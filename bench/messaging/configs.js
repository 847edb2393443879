'use strict';
// The TCP request/response configurations compared. `setup()` runs in the server process before
// Nest is loaded and returns the same hooks as the HTTP and gRPC configs.
const { CountingExporter } = require('../lib/counting-exporter');
const { library } = require('../lib/paths');
const { floorConfig } = require('../http/otel-sdk');

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  floorConfig('message', (enterFloor) => ({
    // Around the controller's handler (ours starts its span just outside Nest's handler).
    decorateController(PaymentsController) {
      const charge = PaymentsController.prototype.charge;
      const entered = function (request, ...rest) {
        return enterFloor(request, () => charge.call(this, request, ...rest));
      };
      for (const key of Reflect.getOwnMetadataKeys(charge)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, charge), entered);
      PaymentsController.prototype.charge = entered;
    },
  })),
  {
    name: 'ours',
    label: 'nestjs-tracing, AlwaysOn (SERVER span per message)',
    ours: true,
    setup() {
      const { TracingModule } = library();
      const exporter = new CountingExporter();
      return {
        imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch', sampler: { ratio: 1 } })],
        spans: () => exporter.exported,
      };
    },
  },
];

module.exports = { configs };
