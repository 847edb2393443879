import 'reflect-metadata';
import { CanActivate, Get, Post, SetMetadata, UseGuards, UsePipes, ValidationPipe } from '@nestjs/common';
import { GrpcMethod, GrpcStreamMethod, MessagePattern } from '@nestjs/microservices';
import { Traced } from './traced.decorator';

class AllowGuard implements CanActivate {
  canActivate() {
    return true;
  }
}

type Decorators = Array<MethodDecorator>;

/** Declares a class whose `handler` carries `decorators` written top to bottom, as TypeScript applies them. */
function handlerWith(decorators: Decorators): Function {
  class Target {
    handler(a: string, b: number) {
      return `${a}${b}`;
    }
  }
  const descriptor = Object.getOwnPropertyDescriptor(Target.prototype, 'handler')!;
  const decorated = Reflect.decorate(decorators, Target.prototype, 'handler', descriptor) as PropertyDescriptor;
  Object.defineProperty(Target.prototype, 'handler', decorated ?? descriptor);
  return Target.prototype.handler;
}

function metadataOf(fn: Function): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Reflect.getMetadataKeys(fn)) result[String(key)] = Reflect.getMetadata(key, fn);
  return result;
}

const NEST_DECORATORS: Array<[string, () => MethodDecorator]> = [
  ['@Get()', () => Get('orders/:id')],
  ['@UseGuards()', () => UseGuards(AllowGuard)],
  ["@GrpcMethod('Svc', 'M')", () => GrpcMethod('Svc', 'M')],
  ["@MessagePattern('x')", () => MessagePattern('x')],
  ["@GrpcStreamMethod('Svc', 'S')", () => GrpcStreamMethod('Svc', 'S')],
];

describe.each(NEST_DECORATORS)('Reflect metadata of %s with @Traced', (_label, nest) => {
  const reference = handlerWith([nest()]);
  const expected = metadataOf(reference);

  it('puts metadata there in the first place (the comparison is not empty)', () => {
    expect(Object.keys(expected).length).toBeGreaterThan(0);
  });

  it.each([
    ['above', () => [Traced(), nest()]],
    ['below', () => [nest(), Traced()]],
  ])('is all readable with @Traced written %s it', (_position, decorators) => {
    const handler = handlerWith(decorators());
    expect(metadataOf(handler)).toEqual(expected);
    // Same name and length as without @Traced (GrpcStreamMethod itself swaps in an anonymous function).
    expect(handler.name).toBe(reference.name);
    expect(handler.length).toBe(reference.length);
  });

  it('is all readable with @Traced in the middle of it and another decorator', () => {
    const other = SetMetadata('roles', ['admin']);
    const reference = metadataOf(handlerWith([other, nest()]));
    expect(metadataOf(handlerWith([other, Traced(), nest()]))).toEqual(reference);
    expect(metadataOf(handlerWith([nest(), Traced(), other]))).toEqual(metadataOf(handlerWith([nest(), other])));
  });
});

describe('Reflect metadata of stacked Nest decorators around @Traced', () => {
  it('keeps guards, pipes and route metadata from both sides of @Traced', () => {
    const stack = () => [Post('pay'), UseGuards(AllowGuard), UsePipes(ValidationPipe)];
    const expected = metadataOf(handlerWith(stack()));
    const [route, guards, pipes] = stack();
    expect(metadataOf(handlerWith([route, Traced(), guards, pipes]))).toEqual(expected);
    const [route2, guards2, pipes2] = stack();
    expect(metadataOf(handlerWith([route2, guards2, Traced(), pipes2]))).toEqual(expected);
  });

  it('extends, not replaces, an array of guards split by @Traced', () => {
    class SecondGuard extends AllowGuard {}
    const handler = handlerWith([UseGuards(SecondGuard), Traced(), UseGuards(AllowGuard)]);
    expect(Reflect.getMetadata('__guards__', handler)).toEqual([AllowGuard, SecondGuard]);
  });
});
