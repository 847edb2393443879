'use strict';
// The TCP request/response configurations compared. `setup()` runs in the server process before
// Nest is loaded and returns the same hooks as the HTTP and gRPC configs.
const { CountingExporter } = require('../lib/counting-exporter');
const { library } = require('../lib/paths');
const { floorConfig } = require('../http/otel-sdk');
const { controllerFloor } = require('../lib/microservice-server');

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  controllerFloor(floorConfig, 'message'),
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
