import type { Attributes } from '@opentelemetry/api';
import { reportOnce } from '../diagnostics';
import { addAttributes, toAttributeValue } from './attribute-values';
import type { SpanAttributeParam } from './span-attribute.decorator';
import type { TracedOptions } from './traced-options';

export type ArgumentsToAttributes = (args: ArrayLike<unknown>) => Attributes;

function fromParams(spanName: string, params: SpanAttributeParam[], args: ArrayLike<unknown>, into: Attributes): void {
  for (const param of params) {
    let value: unknown = args[param.index];
    if (param.map) {
      try {
        value = param.map(value);
      } catch (error) {
        reportOnce(`${spanName}#${param.name}`, `@SpanAttribute('${param.name}') mapper of ${spanName} threw; attribute skipped`, error);
        continue;
      }
    }
    const attribute = toAttributeValue(value);
    if (attribute !== undefined) into[param.name] = attribute;
    else if (value !== undefined && value !== null) {
      reportOnce(`${spanName}#${param.name}#dropped`, `@SpanAttribute('${param.name}') of ${spanName} got a value that is not an attribute value; give it a mapper`);
    }
  }
}

function fromMapper(spanName: string, mapper: NonNullable<TracedOptions['attributesFromArgs']>, args: ArrayLike<unknown>, into: Attributes): void {
  let mapped: Record<string, unknown> | undefined;
  try {
    mapped = mapper(...Array.from(args));
  } catch (error) {
    reportOnce(`${spanName}#attributesFromArgs`, `attributesFromArgs of ${spanName} threw; attributes skipped`, error);
    return;
  }
  if (!mapped || typeof mapped !== 'object') return;
  const dropped = addAttributes(into, mapped);
  if (dropped.length > 0) {
    reportOnce(`${spanName}#dropped`, `attributesFromArgs of ${spanName} returned values that are not attribute values: ${dropped.join(', ')}`);
  }
}

/**
 * Compiles, once per decorated method, the function that turns a call's arguments into span
 * attributes; undefined when the method records none, so calls pay nothing.
 */
export function compileArgumentsToAttributes(
  spanName: string,
  params: SpanAttributeParam[],
  mapper: TracedOptions['attributesFromArgs'],
): ArgumentsToAttributes | undefined {
  if (params.length === 0 && !mapper) return undefined;
  return (args) => {
    const attributes: Attributes = {};
    try {
      if (params.length > 0) fromParams(spanName, params, args, attributes);
      if (mapper) fromMapper(spanName, mapper, args, attributes);
    } catch (error) {
      // A getter on a mapped object, say: the call goes on with what was gathered.
      reportOnce(`${spanName}#attributes`, `reading attributes for ${spanName} threw; some were skipped`, error);
    }
    return attributes;
  };
}
