/**
 * Makes `wrapper` look like `original` to everything that inspects it: `name`, `length`, and
 * every Reflect metadata key put on the function so far (routes, guards, @GrpcMethod,
 * @MessagePattern...). Keys added later land on the wrapper itself, since it is what the
 * descriptor holds from now on, so the order in which decorators are written does not matter.
 */
export function copyFunctionIdentity(original: Function, wrapper: Function): void {
  Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  if (typeof Reflect.getOwnMetadataKeys !== 'function') return;
  for (const key of Reflect.getOwnMetadataKeys(original)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, original), wrapper);
  }
}
