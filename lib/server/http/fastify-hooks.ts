import { tracingRuntime } from '../../tracing.runtime';
import { getRequestSpan } from './request-span';

interface FastifyLikeRequest {
  raw: import('node:http').IncomingMessage;
  routeOptions?: { url?: string };
}

type HookDone = (error?: Error) => void;

export interface FastifyLikeInstance {
  addHook(name: 'onRequest' | 'preHandler', hook: (request: FastifyLikeRequest, reply: unknown, done: HookDone) => void): unknown;
}

/**
 * Fastify needs two hooks: one to learn the matched route (also for requests a guard rejects),
 * and one to re-enter the request's context after body parsing, whose stream events run
 * outside of it, so guards, pipes and handlers see the SERVER span as active.
 */
export function addFastifyHooks(instance: FastifyLikeInstance): void {
  instance.addHook('onRequest', (request, _reply, done) => {
    const state = getRequestSpan(request.raw);
    if (state && request.routeOptions?.url) state.route = request.routeOptions.url;
    done();
  });
  instance.addHook('preHandler', (request, _reply, done) => {
    const state = getRequestSpan(request.raw);
    if (state) tracingRuntime.with(state.context, done);
    else done();
  });
}
