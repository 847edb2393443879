'use strict';
// The gateway under load: `@SubscribeMessage('order.get')` on OrdersGateway -> OrdersService.find
// -> reply `{ event: 'order', data }`, over socket.io (default namespace) or ws (path /orders).
const { Injectable, Module } = require('@nestjs/common');
const { MessageBody, SubscribeMessage, WebSocketGateway } = require('@nestjs/websockets');
const { applyToClass, applyToMethod, paramTypes } = require('../lib/decorators');

const PATTERN = 'order.get';
const WS_PATH = '/orders';

function buildAppModule(hooks, platform) {
  class OrdersService {
    find(id) {
      return { id, status: 'placed' };
    }
  }
  applyToClass(OrdersService, [Injectable()]);

  class OrdersGateway {
    constructor(orders) {
      this.orders = orders;
    }
    get(body) {
      return { event: 'order', data: this.orders.find(body.id) };
    }
  }
  applyToMethod(OrdersGateway, 'get', [SubscribeMessage(PATTERN)], [[0, MessageBody()]]);
  if (hooks.decorateGateway) hooks.decorateGateway(OrdersGateway);
  paramTypes(OrdersGateway, [OrdersService]);
  applyToClass(OrdersGateway, [WebSocketGateway(platform === 'ws' ? { path: WS_PATH } : {})]);

  class AppModule {}
  applyToClass(AppModule, [Module({ imports: hooks.imports ?? [], providers: [OrdersGateway, OrdersService] })]);
  return AppModule;
}

/** Nest's adapter of the platform, for `app.useWebSocketAdapter`. */
function platformAdapter(platform, app) {
  if (platform === 'ws') return new (require('@nestjs/platform-ws').WsAdapter)(app);
  return new (require('@nestjs/platform-socket.io').IoAdapter)(app);
}

module.exports = { buildAppModule, platformAdapter, PATTERN, WS_PATH };
