import type { DiscoveryService } from '@nestjs/core';
import { reportOnce } from '../../diagnostics';
import { AppTracers } from '../../entry/app-tracers';
import { hookGateways, loadWebSocketsInternals } from './gateway-hooks';
import type { GatewayMessageTracer } from './gateway-message-tracer';

/** `@WebSocketGateway`'s metadata key (read here so `@nestjs/websockets` stays optional). */
const GATEWAY_METADATA = 'websockets:is_gateway';

/** The tracer of the running app that declared each gateway class. */
const tracers = new AppTracers<GatewayMessageTracer, object>((gateway) => gateway as object);
let unhook: (() => void) | undefined;

/**
 * Makes every message the app's gateways receive run in a span. Done while the app's providers
 * are created, before Nest connects the gateways (at `app.init()`/`listen()`).
 */
export function traceGateways(discovery: DiscoveryService, tracer: GatewayMessageTracer): void {
  const gateways = discovery
    .getProviders()
    .map((wrapper) => wrapper.metatype)
    .filter((metatype): metatype is NonNullable<typeof metatype> => typeof metatype === 'function' && Reflect.getMetadata(GATEWAY_METADATA, metatype) === true);
  if (gateways.length === 0) return;
  try {
    unhook ??= hookGateways(loadWebSocketsInternals(), (gateway) => tracers.tracerOf(gateway));
  } catch (error) {
    reportOnce('gateways', 'gateways found but @nestjs/websockets could not be hooked; their messages are not traced', error);
    return;
  }
  tracers.add(gateways, tracer);
}

/** Stops tracing `tracer`'s gateways (the app is closing); the last app puts Nest's methods back. */
export function untraceGateways(tracer: GatewayMessageTracer): void {
  tracers.remove(tracer);
  if (tracers.isEmpty() && unhook) {
    unhook();
    unhook = undefined;
  }
}
