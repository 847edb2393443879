import { Injectable, Scope } from '@nestjs/common';
import { Args, Field, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Traced } from 'nestjs-tracing';

@ObjectType()
export class Item {
  @Field()
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType()
export class Order {
  @Field(() => ID)
  id!: string;

  @Field()
  status!: string;

  @Field(() => [Item])
  items!: Item[];

  @Field(() => Int)
  itemCount!: number;

  @Field()
  summary!: string;

  @Field()
  label!: string;
}

interface StoredOrder {
  id: string;
  status: string;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A store that answers after a real timer, as a database would. */
@Injectable()
export class OrdersStore {
  @Traced('store.find')
  async find(id: string): Promise<StoredOrder | null> {
    await tick();
    return id === 'missing' ? null : { id, status: 'PLACED' };
  }

  async list(count: number): Promise<StoredOrder[]> {
    await tick();
    return Array.from({ length: count }, (_, index) => ({ id: String(index + 1), status: 'PLACED' }));
  }

  async items(orderId: string): Promise<Item[]> {
    await tick();
    return [{ sku: `sku-${orderId}`, quantity: 2 }];
  }
}

/** Root resolvers that do async work, an async and a sync field resolver, and failures. */
@Resolver(() => Order)
export class OrdersResolver {
  constructor(private readonly store: OrdersStore) {}

  @Query(() => Order, { nullable: true })
  order(@Args('id', { type: () => ID }) id: string) {
    return this.store.find(id);
  }

  @Query(() => [Order])
  orders(@Args('count', { type: () => Int }) count: number) {
    return this.store.list(count);
  }

  @Query(() => Order)
  async brokenOrder(): Promise<Order> {
    await tick();
    throw new Error('inventory unavailable');
  }

  @Mutation(() => Order)
  async cancelOrder(@Args('id', { type: () => ID }) id: string) {
    const order = await this.store.find(id);
    return { ...order, status: 'CANCELLED' };
  }

  @ResolveField(() => [Item])
  items(@Parent() order: StoredOrder) {
    return this.store.items(order.id);
  }

  @Traced('order.summary')
  @ResolveField(() => String)
  async summary(@Parent() order: StoredOrder) {
    await tick();
    return `order ${order.id}: ${order.status}`;
  }

  @ResolveField(() => String)
  @Traced('order.label')
  label(@Parent() order: StoredOrder) {
    return `#${order.id}`;
  }

  /** Trivial: a value computed from the parent, no async work. */
  @ResolveField(() => Int)
  itemCount(@Parent() order: StoredOrder) {
    return order.id.length;
  }
}

/** `@Traced` written above and below the GraphQL decorators. */
@Resolver()
export class TracedResolvers {
  @Traced('greeting.above')
  @Query(() => String)
  async tracedAbove(@Args('name') name: string) {
    await tick();
    return `hello ${name}`;
  }

  @Query(() => String)
  @Traced('greeting.below')
  async tracedBelow(@Args('name') name: string) {
    await tick();
    return `hi ${name}`;
  }
}

/** A resolver Nest builds anew for each request. */
@Resolver()
export class RequestScopedResolver {
  private readonly createdAt = 'request';

  @Query(() => String)
  scoped(): Promise<string> {
    return tick().then(() => this.createdAt);
  }
}

export const ORDER_RESOLVERS = [OrdersStore, OrdersResolver, TracedResolvers, { provide: RequestScopedResolver, useClass: RequestScopedResolver, scope: Scope.REQUEST }];
