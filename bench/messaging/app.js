'use strict';
// The microservice under load: @MessagePattern('payments.charge') over Nest's TCP transport ->
// PaymentsController -> PaymentsService.charge -> reply: the gRPC part's app on another transport.
const { MessagePattern, Transport } = require('@nestjs/microservices');
const { buildPaymentsModule } = require('../grpc/app');

const PATTERN = 'payments.charge';

const buildAppModule = (hooks) => buildPaymentsModule(hooks, [MessagePattern(PATTERN)]);

/** Nest's options for the TCP transport on 127.0.0.1:port (server and client alike). */
const tcpOptions = (port) => ({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });

module.exports = { buildAppModule, tcpOptions, PATTERN };
