'use strict';
// The app under load: GET /users/:id -> UsersController -> UsersService.getUser(id) -> JSON.
const { Controller, Get, Injectable, Module, Param } = require('@nestjs/common');
const { applyToClass, applyToMethod, paramTypes } = require('../lib/decorators');

/** A class of its own per app: the configs decorate its `getUser`. */
function inMemoryUsersService() {
  return class UsersService {
    async getUser(id) {
      return { id, name: 'Ada Lovelace', email: 'ada@example.com' };
    }
  };
}

/** `UsersService`: a class with its own `async getUser(id)`; fetch-pg/app.js passes one that does I/O. */
function buildAppModule(hooks, UsersService = inMemoryUsersService()) {
  if (hooks.decorateService) hooks.decorateService(UsersService);
  applyToClass(UsersService, [Injectable()]);

  class UsersController {
    constructor(users) {
      this.users = users;
    }
    getUser(id) {
      return this.users.getUser(id);
    }
  }
  applyToMethod(UsersController, 'getUser', [Get(':id')], [[0, Param('id')]]);
  paramTypes(UsersController, [UsersService]);
  applyToClass(UsersController, [Controller('users')]);

  class AppModule {}
  applyToClass(AppModule, [Module({ imports: hooks.imports ?? [], controllers: [UsersController], providers: [UsersService] })]);
  return AppModule;
}

module.exports = { buildAppModule };
