'use strict';
// One TCP microservice process: `node messaging/server.js <config>`, Nest's TCP transport on 127.0.0.1:$PORT.
const { runMicroserviceServer } = require('../lib/microservice-server');
const { configs } = require('./configs');

runMicroserviceServer(configs, () => {
  const { buildAppModule, tcpOptions } = require('./app');
  return { buildAppModule, serverOptions: tcpOptions };
});
