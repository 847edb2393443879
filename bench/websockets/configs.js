'use strict';
// The gateway configurations compared. `setup()` runs in the server process before Nest is
// loaded and returns the same hooks as the other parts' configs.
const { CountingExporter } = require('../lib/counting-exporter');
const { library } = require('../lib/paths');
const { floorConfig } = require('../http/otel-sdk');

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  // The SDK and one `context.with` around the gateway's handler per message, no spans.
  floorConfig('message', (enterFloor) => ({
    decorateGateway(OrdersGateway) {
      const get = OrdersGateway.prototype.get;
      const entered = function (body, ...rest) {
        return enterFloor(body, () => get.call(this, body, ...rest));
      };
      for (const key of Reflect.getOwnMetadataKeys(get)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, get), entered);
      OrdersGateway.prototype.get = entered;
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
