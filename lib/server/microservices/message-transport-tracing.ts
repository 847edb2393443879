import type { Type } from '@nestjs/common';
import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../../diagnostics';
import { keepInboundPackets } from './inbound-packet';
import type { MessageServerTracer } from './message-server-tracer';
import {
  CUSTOM_INBOUND,
  InboundTransport,
  KAFKA_INBOUND,
  MQTT_INBOUND,
  NATS_INBOUND,
  REDIS_INBOUND,
  RMQ_INBOUND,
  TCP_INBOUND,
} from './message-transports';
import { declaredPatterns, HandlerRegistry, PatternTracers, patternKey, TRANSPORT_GRPC, wrapHandlerRegistration } from './pattern-tracers';
import { keepRpcExceptions } from './rpc-exceptions';

type ServerClass = HandlerRegistry & (abstract new (...args: any[]) => unknown);

/** The part of `@nestjs/microservices` read here (loaded only when the app has message handlers). */
interface Microservices {
  Server: ServerClass;
  ServerGrpc: ServerClass;
  ServerTCP: ServerClass;
  ServerRedis: ServerClass;
  ServerNats: ServerClass;
  ServerRMQ: ServerClass;
  ServerMqtt: ServerClass;
  ServerKafka: ServerClass;
  BaseRpcExceptionFilter: Parameters<typeof keepRpcExceptions>[0];
}

const tracers = new PatternTracers<MessageServerTracer>();

const INSTALLED = Symbol.for('nestjs-tracing.message-transport');

function inboundTransports(ms: Microservices): Array<[ServerClass, InboundTransport]> {
  return [
    [ms.ServerTCP, TCP_INBOUND],
    [ms.ServerRedis, REDIS_INBOUND],
    [ms.ServerNats, NATS_INBOUND],
    [ms.ServerRMQ, RMQ_INBOUND],
    [ms.ServerMqtt, MQTT_INBOUND],
    [ms.ServerKafka, KAFKA_INBOUND],
  ];
}

/**
 * Wraps each handler a non-gRPC Nest server registers, from now on, for a pattern some app
 * traces: the wrapper gets `(data, context)` as the server hands them over, before guards, pipes
 * and interceptors. Installed once per process.
 */
function wrapMessageHandlers(ms: Microservices): void {
  const transports = inboundTransports(ms);
  wrapHandlerRegistration(ms.Server, INSTALLED, (server, pattern, callback, isEvent) => {
    if (server instanceof ms.ServerGrpc) return undefined;
    const key = patternKey(pattern);
    if (!tracers.tracerOf(key)) return undefined;
    const transport = transports.find(([ServerType]) => server instanceof ServerType)?.[1] ?? CUSTOM_INBOUND;
    return function tracedMessageHandler(this: unknown, ...args: unknown[]): unknown {
      const tracer = tracers.tracerOf(key);
      if (!tracer) return Reflect.apply(callback, this, args);
      return tracer.traceMessage({ transport, pattern: key, isEvent, context: args[1] }, callback, this, args);
    };
  });
  keepInboundPackets(ms.ServerTCP, 1);
  keepInboundPackets(ms.ServerRedis);
  keepInboundPackets(ms.ServerMqtt);
}

/** Stops tracing the patterns `tracer`'s app declared (the app is closing). */
export function untraceMessagePatterns(tracer: MessageServerTracer): void {
  tracers.remove(tracer);
}

/**
 * Makes every message the app's `@MessagePattern` / `@EventPattern` handlers receive, over any
 * transport but gRPC (traced on its own), run in a span. Done while the app's providers are
 * created, before any microservice registers its handlers.
 */
export function traceMessageTransports(discovery: DiscoveryService, tracer: MessageServerTracer): void {
  const patterns = discovery
    .getControllers()
    .flatMap((wrapper) => (wrapper.metatype ? declaredPatterns(wrapper.metatype as Type, (transport) => transport !== TRANSPORT_GRPC) : []));
  if (patterns.length === 0) return;
  let microservices: Microservices;
  try {
    microservices = require('@nestjs/microservices');
  } catch (error) {
    reportOnce('message-transport', 'message handlers found but @nestjs/microservices could not be loaded; messages are not traced', error);
    return;
  }
  tracers.add(patterns, tracer);
  wrapMessageHandlers(microservices);
  keepRpcExceptions(microservices.BaseRpcExceptionFilter);
}
