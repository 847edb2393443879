'use strict';
// The GraphQL app under load (Apollo on Express, schema first): `query GetOrder($id: ID!) {
// order(id: $id) { id status items { sku quantity } } }`, where `Query.order` and `Order.items`
// are async resolvers and the other six fields are plain properties.
const { Injectable, Module } = require('@nestjs/common');
const { applyToClass, applyToMethod, paramTypes } = require('../lib/decorators');

const TYPE_DEFS = `
  type Item { sku: String! quantity: Int! }
  type Order { id: ID! status: String! items: [Item!]! }
  type Query { order(id: ID!): Order }
`;

const GET_ORDER = 'query GetOrder($id: ID!) { order(id: $id) { id status items { sku quantity } } }';

function buildGraphqlModule(hooks) {
  const { Args, GraphQLModule, Parent, Query, ResolveField, Resolver } = require('@nestjs/graphql');
  const { ApolloDriver } = require('@nestjs/apollo');

  class OrdersStore {
    async find(id) {
      return { id, status: 'PLACED' };
    }
    async items(orderId) {
      return [{ sku: `sku-${orderId}-a`, quantity: 1 }, { sku: `sku-${orderId}-b`, quantity: 2 }, { sku: `sku-${orderId}-c`, quantity: 3 }];
    }
  }
  applyToClass(OrdersStore, [Injectable()]);

  class OrdersResolver {
    constructor(store) {
      this.store = store;
    }
    order(id) {
      return this.store.find(id);
    }
    items(order) {
      return this.store.items(order.id);
    }
  }
  applyToMethod(OrdersResolver, 'order', [Query('order')], [[0, Args('id')]]);
  applyToMethod(OrdersResolver, 'items', [ResolveField('items')], [[0, Parent()]]);
  paramTypes(OrdersResolver, [OrdersStore]);
  applyToClass(OrdersResolver, [Resolver('Order')]);

  class AppModule {}
  const graphql = GraphQLModule.forRoot({ driver: ApolloDriver, typeDefs: TYPE_DEFS, playground: false });
  applyToClass(AppModule, [Module({ imports: [...(hooks.imports ?? []), graphql], providers: [OrdersStore, OrdersResolver] })]);
  return AppModule;
}

module.exports = { buildGraphqlModule, GET_ORDER };
