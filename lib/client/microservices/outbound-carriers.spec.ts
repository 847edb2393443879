import { trace } from '@opentelemetry/api';
import { useGlobalTestProvider } from '../../../test/support/global-test-provider';
import { tracingRuntime } from '../../tracing.runtime';
import { amqpHeadersWithTrace, injectIntoPacket, mqttOptionsWithTrace } from './outbound-carriers';

describe('outbound carriers', () => {
  useGlobalTestProvider();

  const inSpan = <T>(fn: () => T): { result: T; traceparent: string } => {
    const span = trace.getTracer('test').startSpan('send');
    const { traceId, spanId } = span.spanContext();
    const result = tracingRuntime.with(trace.setSpan(tracingRuntime.activeContext(), span), fn);
    span.end();
    return { result, traceparent: `00-${traceId}-${spanId}-01` };
  };

  it('leaves a packet untouched outside a trace, and adds the trace field beside data inside one', () => {
    const untraced = { pattern: 'sum', data: [1, 2], id: '1' };
    injectIntoPacket(untraced);
    expect(untraced).toEqual({ pattern: 'sum', data: [1, 2], id: '1' });
    const traced = { pattern: 'sum', data: [1, 2] };
    const { traceparent } = inSpan(() => injectIntoPacket(traced));
    expect(traced).toEqual({ pattern: 'sum', data: [1, 2], _trace: { traceparent } });
  });

  it.each([null, 'text', 42, [1, 2]])('ignores a packet that is not an object: %p', (packet) => {
    expect(() => inSpan(() => injectIntoPacket(packet))).not.toThrow();
  });

  it('keeps the AMQP headers and MQTT user properties already there', () => {
    const { result: headers, traceparent } = inSpan(() => amqpHeadersWithTrace({ 'x-tenant': 'a' }));
    expect(headers).toEqual({ 'x-tenant': 'a', traceparent });
    const { result: options } = inSpan(() => mqttOptionsWithTrace({ qos: 1, properties: { userProperties: { tenant: 'a' } } }));
    expect(options).toMatchObject({ qos: 1, properties: { userProperties: { tenant: 'a', traceparent: expect.stringMatching(/^00-/) } } });
    expect(amqpHeadersWithTrace(undefined)).toBeUndefined();
    expect(mqttOptionsWithTrace(undefined)).toBeUndefined();
  });
});
