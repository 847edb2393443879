'use strict';
// The gateway configurations compared. `setup()` runs in the server process before Nest is
// loaded and returns the same hooks as the other parts' configs.
const { floorConfig } = require('../http/otel-sdk');
const { enterFloorAround } = require('../lib/microservice-server');
const messagingConfigs = require('../messaging/configs').configs;

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  // The SDK and one `context.with` around the gateway's handler per message, no spans.
  floorConfig('message', (enterFloor) => ({ decorateGateway: (OrdersGateway) => enterFloorAround(OrdersGateway, 'get', enterFloor) })),
  // TracingModule AlwaysOn, batch, counting exporter: the SERVER span the module starts per message.
  messagingConfigs.find((config) => config.name === 'ours'),
];

module.exports = { configs };
