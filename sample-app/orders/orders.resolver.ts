import { Args, Field, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { PlacedOrders } from './placed-orders';

@ObjectType('OrderItem')
class OrderItemView {
  @Field()
  sku!: string;

  @Field(() => Int)
  quantity!: number;
}

@ObjectType('Order')
class OrderView {
  @Field(() => ID)
  id!: string;

  @Field()
  status!: string;

  @Field(() => [OrderItemView])
  items!: OrderItemView[];
}

/** `query GetOrder($id: ID!) { order(id: $id) { id status items { sku quantity } } }` */
@Resolver(() => OrderView)
export class OrdersResolver {
  constructor(private readonly placed: PlacedOrders) {}

  @Query(() => OrderView, { nullable: true })
  order(@Args('id', { type: () => ID }) id: string) {
    return this.placed.find(id);
  }
}
