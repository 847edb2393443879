import { Context, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { KafkaContext, NatsContext, RmqContext } from '@nestjs/microservices';
import { useGlobalTestProvider } from '../../../test/support/global-test-provider';
import { KAFKA_INBOUND, NATS_INBOUND, RMQ_INBOUND } from './message-transports';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

const remoteParent = (ctx: Context) => trace.getSpanContext(ctx);

describe('inbound transports: where a message carries its trace context', () => {
  useGlobalTestProvider();

  describe('Kafka headers (no live broker: the KafkaContext Nest builds, with kafkajs header values)', () => {
    const kafkaContext = (headers: unknown) =>
      new KafkaContext([{ headers, key: null, value: null, offset: '0', timestamp: '0', attributes: 0 } as never, 0, 'orders', {} as never, (async () => undefined) as never, {} as never]);

    it.each([
      ['a Buffer', Buffer.from(TRACEPARENT)],
      ['a string', TRACEPARENT],
      ['a list of Buffers', [Buffer.from(TRACEPARENT)]],
    ])('continues the trace from traceparent as %s', (_, value) => {
      const parent = remoteParent(KAFKA_INBOUND.parent(kafkaContext({ traceparent: value })));
      expect(parent).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
      expect(KAFKA_INBOUND.destination?.(kafkaContext({}))).toBe('orders');
    });

    it.each([
      ['no headers', undefined],
      ['headers that are not an object', 'traceparent'],
      ['a malformed traceparent', { traceparent: Buffer.from('00-zz-zz-01') }],
      ['a traceparent that is a number', { traceparent: 42 }],
      ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-${SPAN_ID}-01` }],
    ])('starts a new trace for %s', (_, headers) => {
      expect(KAFKA_INBOUND.parent(kafkaContext(headers))).toBe(ROOT_CONTEXT);
    });

    it('reads only the headers themselves, not what their prototype holds', () => {
      const headers = Object.create({ traceparent: TRACEPARENT }) as object;
      expect(KAFKA_INBOUND.parent(kafkaContext(headers))).toBe(ROOT_CONTEXT);
    });
  });

  it('reads RabbitMQ message properties, and a message without headers starts a new trace', () => {
    const rmq = (properties: object) => new RmqContext([{ fields: { routingKey: 'orders_queue' }, properties, content: Buffer.from('{}') }, {}, 'p']);
    expect(remoteParent(RMQ_INBOUND.parent(rmq({ headers: { traceparent: TRACEPARENT } })))).toMatchObject({ traceId: TRACE_ID });
    expect(RMQ_INBOUND.parent(rmq({}))).toBe(ROOT_CONTEXT);
    expect(RMQ_INBOUND.destination?.(rmq({}))).toBe('orders_queue');
  });

  it('reads NATS headers, and a message without headers starts a new trace', () => {
    const { headers } = require('nats') as typeof import('nats');
    const natsHeaders = headers();
    natsHeaders.set('traceparent', TRACEPARENT);
    expect(remoteParent(NATS_INBOUND.parent(new NatsContext(['orders.created', natsHeaders])))).toMatchObject({ traceId: TRACE_ID });
    expect(NATS_INBOUND.parent(new NatsContext(['orders.created', undefined]))).toBe(ROOT_CONTEXT);
  });
});
