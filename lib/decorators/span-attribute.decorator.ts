import { SPAN_ATTRIBUTE_PARAMS } from '../tracing.constants';

/** Maps one parameter value to the attribute value recorded on the span. */
export type ParameterMapper<T = any> = (value: T) => unknown;

export interface SpanAttributeParam {
  index: number;
  name: string;
  map?: ParameterMapper;
}

/**
 * Records this parameter as the span attribute `name` on the span of the enclosing `@Traced`
 * method, through `map` when given. Nothing else about parameters is ever recorded.
 *
 * @example
 * async charge(@SpanAttribute('order.id', (o: Order) => o.id) order: Order) {}
 */
export function SpanAttribute(name: string, map?: ParameterMapper): ParameterDecorator {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('@SpanAttribute(name) needs a non-empty attribute name such as "user.id"');
  }
  return (target, propertyKey, index) => {
    if (propertyKey === undefined) return; // constructor parameter: nothing to trace
    const params: SpanAttributeParam[] = Reflect.getOwnMetadata(SPAN_ATTRIBUTE_PARAMS, target, propertyKey) ?? [];
    Reflect.defineMetadata(SPAN_ATTRIBUTE_PARAMS, [...params, { index, name, map }], target, propertyKey);
  };
}

export function spanAttributeParams(target: object, propertyKey: string | symbol): SpanAttributeParam[] {
  return Reflect.getOwnMetadata(SPAN_ATTRIBUTE_PARAMS, target, propertyKey) ?? [];
}
