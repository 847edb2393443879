'use strict';
// One gRPC server process: `node grpc/server.js <config>`, a Nest microservice on 127.0.0.1:$PORT.
const { runMicroserviceServer } = require('../lib/microservice-server');
const { configs } = require('./configs');

runMicroserviceServer(configs, () => {
  const { buildAppModule, grpcOptions } = require('./app');
  return { buildAppModule, serverOptions: grpcOptions };
});
