'use strict';
// Applies legacy (experimentalDecorators) decorators from plain JS, in the order tsc's
// `__decorate` does: parameter decorators first, then method decorators bottom-up.
require('reflect-metadata');

function applyToMethod(Class, key, decorators, params = []) {
  const prototype = Class.prototype;
  for (const [index, decorator] of params) decorator(prototype, key, index);
  let descriptor = Object.getOwnPropertyDescriptor(prototype, key);
  for (const decorator of [...decorators].reverse()) descriptor = decorator(prototype, key, descriptor) || descriptor;
  Object.defineProperty(prototype, key, descriptor);
}

function applyToClass(Class, decorators) {
  let result = Class;
  for (const decorator of [...decorators].reverse()) result = decorator(result) || result;
  return result;
}

/** The constructor parameter types `emitDecoratorMetadata` would have written. */
function paramTypes(Class, types) {
  Reflect.defineMetadata('design:paramtypes', types, Class);
}

module.exports = { applyToMethod, applyToClass, paramTypes };
