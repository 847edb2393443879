'use strict';
// The microservice under load: shop.v1.Payments/Charge -> PaymentsController -> PaymentsService.charge.
const path = require('node:path');
const { Controller, Injectable, Module } = require('@nestjs/common');
const { GrpcMethod, Transport } = require('@nestjs/microservices');
const { applyToClass, applyToMethod, paramTypes } = require('../lib/decorators');

// The sample app's payments service contract: one unary method, shop.v1.Payments/Charge.
const PROTO_PATH = path.join(__dirname, '..', '..', 'sample-app', 'payments', 'payments.proto');
const PACKAGE = 'shop.v1';

/**
 * The payments app under load, its controller's `charge` bound to a transport by
 * `handlerDecorators` (`GrpcMethod`, `MessagePattern`...).
 */
function buildPaymentsModule(hooks, handlerDecorators) {
  class PaymentsService {
    async charge(request) {
      return { paymentId: `pay_${request.orderId}`, balance: 100 };
    }
  }
  if (hooks.decorateService) hooks.decorateService(PaymentsService);
  applyToClass(PaymentsService, [Injectable()]);

  class PaymentsController {
    constructor(payments) {
      this.payments = payments;
    }
    charge(request) {
      return this.payments.charge(request);
    }
  }
  applyToMethod(PaymentsController, 'charge', handlerDecorators);
  if (hooks.decorateController) hooks.decorateController(PaymentsController);
  paramTypes(PaymentsController, [PaymentsService]);
  applyToClass(PaymentsController, [Controller()]);

  class AppModule {}
  applyToClass(AppModule, [Module({ imports: hooks.imports ?? [], controllers: [PaymentsController], providers: [PaymentsService] })]);
  return AppModule;
}

const buildAppModule = (hooks) => buildPaymentsModule(hooks, [GrpcMethod('Payments', 'Charge')]);

/** Nest's options for the gRPC transport on 127.0.0.1:port. */
const grpcOptions = (port) => ({ transport: Transport.GRPC, options: { url: `127.0.0.1:${port}`, package: PACKAGE, protoPath: PROTO_PATH } });

module.exports = { buildAppModule, buildPaymentsModule, grpcOptions, PROTO_PATH };
