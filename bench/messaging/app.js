'use strict';
// The microservice under load: @MessagePattern('charge') over Nest's TCP transport ->
// PaymentsController -> PaymentsService.charge -> reply. The same work as the gRPC part.
const { Controller, Injectable, Module } = require('@nestjs/common');
const { MessagePattern, Transport } = require('@nestjs/microservices');
const { applyToClass, applyToMethod, paramTypes } = require('../lib/decorators');

const PATTERN = 'payments.charge';

function buildAppModule(hooks) {
  class PaymentsService {
    async charge(request) {
      return { paymentId: `pay_${request.orderId}`, balance: 100 };
    }
  }
  applyToClass(PaymentsService, [Injectable()]);

  class PaymentsController {
    constructor(payments) {
      this.payments = payments;
    }
    charge(request) {
      return this.payments.charge(request);
    }
  }
  applyToMethod(PaymentsController, 'charge', [MessagePattern(PATTERN)]);
  if (hooks.decorateController) hooks.decorateController(PaymentsController);
  paramTypes(PaymentsController, [PaymentsService]);
  applyToClass(PaymentsController, [Controller()]);

  class AppModule {}
  applyToClass(AppModule, [Module({ imports: hooks.imports ?? [], controllers: [PaymentsController], providers: [PaymentsService] })]);
  return AppModule;
}

/** Nest's options for the TCP transport on 127.0.0.1:port (server and client alike). */
const tcpOptions = (port) => ({ transport: Transport.TCP, options: { host: '127.0.0.1', port } });

module.exports = { buildAppModule, tcpOptions, PATTERN };
