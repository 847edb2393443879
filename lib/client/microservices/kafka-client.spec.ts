import { SpanKind, trace } from '@opentelemetry/api';
import { ClientKafka, KafkaContext } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { useGlobalTestProvider } from '../../../test/support/global-test-provider';
import { KAFKA_INBOUND } from '../../server/microservices/message-transports';
import { MicroservicesClients, traceMessageClients } from './message-client-tracing';

interface SentRecord {
  topic: string;
  messages: Array<{ value: string; headers: Record<string, string> }>;
}

/**
 * Kafka without a broker (none runs on this machine): Nest's own `ClientKafka`, its producer
 * replaced by one that keeps what it is given, so what would go on the wire can be read.
 */
function offlineKafkaClient(): { client: ClientKafka; sent: SentRecord[] } {
  const client = new ClientKafka({ client: { brokers: ['127.0.0.1:9'] } });
  const sent: SentRecord[] = [];
  const producer = { send: async (record: SentRecord) => void sent.push(record) };
  Object.assign(client, { _producer: producer, connect: async () => producer });
  return { client, sent };
}

describe('Kafka client (not tested against a live broker)', () => {
  const exporter = useGlobalTestProvider();
  beforeAll(() => traceMessageClients(require('@nestjs/microservices') as MicroservicesClients));

  it('makes emit() a PRODUCER span whose context goes in the Kafka headers, beside an untouched value', async () => {
    const { client, sent } = offlineKafkaClient();
    await trace.getTracer('test').startActiveSpan('checkout', async (checkout) => {
      await lastValueFrom(client.emit('orders.created', { orderId: 'o-1' }), { defaultValue: undefined });
      checkout.end();
    });
    const producer = exporter.find('send orders.created')!;
    expect(producer.kind).toBe(SpanKind.PRODUCER);
    expect(producer.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.destination.name': 'orders.created' });
    expect(producer.parentSpanContext?.spanId).toBe(exporter.find('checkout')!.spanContext().spanId);
    const [message] = sent[0].messages;
    expect(JSON.parse(message.value)).toEqual({ orderId: 'o-1' });
    const { traceId, spanId } = producer.spanContext();
    expect(message.headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);

    // What a Nest Kafka server reads from that message continues the same trace.
    const received = { ...message, headers: { traceparent: Buffer.from(message.headers.traceparent) }, key: null, offset: '0', timestamp: '0', attributes: 0 };
    const consumerContext = new KafkaContext([received as never, 0, 'orders.created', {} as never, (async () => undefined) as never, {} as never]);
    expect(trace.getSpanContext(KAFKA_INBOUND.parent(consumerContext))).toMatchObject({ traceId, spanId, isRemote: true });
  });

  it('keeps the headers the app set on a Kafka message; outside a trace the PRODUCER span starts one', async () => {
    const { client, sent } = offlineKafkaClient();
    await lastValueFrom(client.emit('orders.created', { key: 'o-2', value: { orderId: 'o-2' }, headers: { tenant: 'a' } }), { defaultValue: undefined });
    expect(sent[0].messages[0].headers).toEqual({ tenant: 'a', traceparent: expect.stringMatching(/^00-/) });
    expect(exporter.find('send orders.created')?.parentSpanContext).toBeUndefined();
  });
});
