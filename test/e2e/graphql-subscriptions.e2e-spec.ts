import { Args, Field, ID, Mutation, ObjectType, Query, Resolver, Subscription } from '@nestjs/graphql';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { RunningApp } from '../support/http-apps';
import { GRAPHQL_SERVERS, postGraphql, startGraphqlApp } from '../support/graphql-apps';

@ObjectType()
class OrderStatus {
  @Field(() => ID)
  id!: string;

  @Field()
  status!: string;
}

/** An in-memory event channel: each subscriber gets every event published after it subscribed. */
class Channel<T> {
  private readonly listeners = new Set<(value: T) => void>();

  get subscribers(): number {
    return this.listeners.size;
  }

  publish(value: T): void {
    for (const listener of this.listeners) listener(value);
  }

  subscribe(): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let wake: (() => void) | undefined;
    const listener = (value: T) => {
      queue.push(value);
      wake?.();
    };
    this.listeners.add(listener);
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        return { value: queue.shift()!, done: false };
      },
      return: async () => {
        this.listeners.delete(listener);
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

const updates = new Channel<{ orderUpdated: OrderStatus }>();

@Resolver()
class OrderEventsResolver {
  @Query(() => String)
  ping() {
    return 'pong';
  }

  @Mutation(() => Boolean)
  updateOrder(@Args('id', { type: () => ID }) id: string, @Args('status') status: string) {
    updates.publish({ orderUpdated: { id, status } });
    return true;
  }

  @Subscription(() => OrderStatus)
  orderUpdated() {
    return updates.subscribe();
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 500) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.each(GRAPHQL_SERVERS)('GraphQL subscriptions with %s on %s', (driver, platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startGraphqlApp(driver, platform, [OrderEventsResolver], {}, true);
  });
  afterAll(() => running.app.close());

  it('traces each event delivered as a CONSUMER span named after the subscription, without its payload', async () => {
    const client = createClient({ url: running.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, lazy: false });
    const received: unknown[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription OnOrderUpdated { orderUpdated { id status } }', operationName: 'OnOrderUpdated' },
        { next: (value) => void received.push(value), error: reject, complete: resolve },
      );
    });
    try {
      await until(() => updates.subscribers === 1);
      for (const status of ['PAID', 'SHIPPED']) {
        const response = await postGraphql(running.url, 'mutation Update($id: ID!, $status: String!) { updateOrder(id: $id, status: $status) }', { id: '7', status }, 'Update');
        expect(response.body.errors).toBeUndefined();
      }
      await until(() => received.length === 2);
      expect(received).toEqual([
        { data: { orderUpdated: { id: '7', status: 'PAID' } } },
        { data: { orderUpdated: { id: '7', status: 'SHIPPED' } } },
      ]);
      const events = await running.exporter.waitForAll('subscription OnOrderUpdated', 2);
      for (const event of events) {
        expect(event.kind).toBe(SpanKind.CONSUMER);
        expect(event.attributes).toEqual({
          'graphql.operation.type': 'subscription',
          'graphql.operation.name': 'OnOrderUpdated',
          'graphql.field.name': 'orderUpdated',
        });
        expect(event.status.code).toBe(SpanStatusCode.UNSET);
        // Subscribed over a WebSocket without a trace: each event starts its own.
        expect(event.parentSpanContext).toBeUndefined();
        expect(JSON.stringify(event.attributes)).not.toContain('SHIPPED');
      }
      expect(new Set(events.map((event) => event.spanContext().traceId)).size).toBe(2);
    } finally {
      await client.dispose();
      void done.catch(() => undefined);
    }
  });
});
