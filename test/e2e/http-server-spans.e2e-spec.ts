import {
  Body,
  CanActivate,
  Controller,
  Get,
  HttpCode,
  Injectable,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SpanAttribute, Traced, TraceService } from 'nestjs-tracing';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';

@Injectable()
class UsersService {
  constructor(private readonly trace: TraceService) {}

  @Traced()
  async find(@SpanAttribute('user.id') id: string) {
    this.trace.addEvent('cache_miss');
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (id === 'crash') throw new Error('database is down');
    return { id, name: 'Ada' };
  }
}

class DenyGuard implements CanActivate {
  canActivate() {
    return false;
  }
}

class BrokenGuard implements CanActivate {
  canActivate(): boolean {
    throw new Error('session store unreachable');
  }
}

@Controller('users')
class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  get(@Param('id') id: string) {
    return this.users.find(id);
  }

  @Get(':id/orders/:orderId')
  order(@Param('orderId', ParseIntPipe) orderId: number) {
    return { orderId };
  }

  @Get(':id/missing')
  missing() {
    throw new NotFoundException('no such user');
  }

  @UseGuards(DenyGuard)
  @Get(':id/secret')
  secret() {
    return 'never';
  }

  @Get(':id/slow')
  async slow() {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return 'late';
  }

  @UseGuards(BrokenGuard)
  @Get(':id/profile')
  profile() {
    return 'never';
  }

  @Post()
  @HttpCode(201)
  create(@Body() body: { name: string }) {
    return { created: body.name };
  }
}

describe.each(PLATFORMS)('HTTP server spans on %s', (platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp(
      platform,
      { controllers: [UsersController], providers: [UsersService] },
      { http: { requestHeaders: ['x-tenant', 'authorization'], ignorePaths: ['/users/ignored'] } },
    );
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  it('names the SERVER span after the route template and records the HTTP attributes', async () => {
    const response = await fetch(`${running.url}/users/42?verbose=1`, {
      headers: { 'user-agent': 'jest-test', 'x-tenant': 'acme', authorization: 'Bearer secret' },
    });
    expect(response.status).toBe(200);
    const server = await running.exporter.waitFor('GET /users/:id');
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/users/42',
      'url.scheme': 'http',
      'http.route': '/users/:id',
      'http.response.status_code': 200,
      'server.address': '127.0.0.1',
      'user_agent.original': 'jest-test',
      'network.peer.address': '127.0.0.1',
      'http.request.header.x-tenant': ['acme'],
    });
    expect(server.attributes).not.toHaveProperty(['http.request.header.authorization']);
    expect(server.status.code).toBe(SpanStatusCode.UNSET);

    const child = running.exporter.find('UsersService.find')!;
    expect(child.kind).toBe(SpanKind.INTERNAL);
    expect(child.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(child.attributes['user.id']).toBe('42');
    expect(child.events.map((event) => event.name)).toEqual(['cache_miss']);
  });

  it('marks a 500 from an unhandled error as ERROR with an exception event on both spans', async () => {
    const response = await fetch(`${running.url}/users/crash`);
    expect(response.status).toBe(500);
    const server = await running.exporter.waitFor('GET /users/:id');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'database is down' });
    expect(server.attributes['http.response.status_code']).toBe(500);
    expect(server.attributes['error.type']).toBe('500');
    expect(server.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('database is down');
    const child = running.exporter.find('UsersService.find')!;
    expect(child.status.code).toBe(SpanStatusCode.ERROR);
    expect(child.events.some((event) => event.name === 'exception')).toBe(true);
  });

  it('leaves the status unset for a thrown 4xx HttpException but records the exception', async () => {
    const response = await fetch(`${running.url}/users/7/missing`);
    expect(response.status).toBe(404);
    const server = await running.exporter.waitFor('GET /users/:id/missing');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.attributes['http.response.status_code']).toBe(404);
    expect(server.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('no such user');
  });

  it('gives exactly one span to a request rejected by a guard', async () => {
    const response = await fetch(`${running.url}/users/7/secret`);
    expect(response.status).toBe(403);
    const server = await running.exporter.waitFor('GET /users/:id/secret');
    expect(server.attributes['http.response.status_code']).toBe(403);
    // The client's error (HTTP conventions): the refusal is recorded, the status left unset.
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    expect(server.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('Forbidden resource');
    expect(running.exporter.serverSpans).toHaveLength(1);
  });

  it('records what a failing guard threw: ERROR, its message and an exception event', async () => {
    const response = await fetch(`${running.url}/users/7/profile`);
    expect(response.status).toBe(500);
    const server = await running.exporter.waitFor('GET /users/:id/profile');
    expect(server.status).toEqual({ code: SpanStatusCode.ERROR, message: 'session store unreachable' });
    expect(server.events.find((event) => event.name === 'exception')?.attributes?.['exception.message']).toBe('session store unreachable');
    expect(running.exporter.serverSpans).toHaveLength(1);
  });

  it('records nothing for an ignored path, not even its @Traced calls, and serves it', async () => {
    const response = await fetch(`${running.url}/users/ignored`);
    expect(await response.json()).toEqual({ id: 'ignored', name: 'Ada' });
    await fetch(`${running.url}/users/1`);
    await running.exporter.waitFor('GET /users/:id');
    expect(running.exporter.findAll('UsersService.find')).toHaveLength(1);
    expect(running.exporter.spans.every((span) => span.attributes['url.path'] !== '/users/ignored')).toBe(true);
  });

  it('ends the span of a request the client abandoned, without a status code', async () => {
    await expect(fetch(`${running.url}/users/7/slow`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    const server = await running.exporter.waitFor('GET /users/:id/slow');
    expect(server.attributes['error.type']).toBe('aborted');
    expect(server.attributes).not.toHaveProperty(['http.response.status_code']);
  });

  it('gives exactly one span to a request rejected by a pipe', async () => {
    const response = await fetch(`${running.url}/users/7/orders/abc`);
    expect(response.status).toBe(400);
    const server = await running.exporter.waitFor('GET /users/:id/orders/:orderId');
    expect(server.attributes['http.response.status_code']).toBe(400);
    expect(server.events.some((event) => event.name === 'exception')).toBe(true);
    expect(running.exporter.serverSpans).toHaveLength(1);
  });

  it('gives exactly one span, named after the method only, to an unknown route', async () => {
    const response = await fetch(`${running.url}/nowhere/at/all`);
    expect(response.status).toBe(404);
    const server = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER);
    expect(server.name).toBe('GET');
    expect(server.attributes['http.route']).toBeUndefined();
    expect(server.attributes['url.path']).toBe('/nowhere/at/all');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.exporter.serverSpans).toHaveLength(1);
  });

  it('gives a span to a POST whose JSON body does not parse', async () => {
    const response = await fetch(`${running.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    const server = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER);
    expect(server.attributes['http.request.method']).toBe('POST');
    expect(server.attributes['http.response.status_code']).toBe(400);
  });

  it('keeps the request context through a parsed POST body', async () => {
    const response = await fetch(`${running.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Grace' }),
    });
    expect(await response.json()).toEqual({ created: 'Grace' });
    const server = await running.exporter.waitFor('POST /users');
    expect(server.attributes['http.response.status_code']).toBe(201);
  });

  it('continues the trace of a sampled traceparent', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    await fetch(`${running.url}/users/1`, {
      headers: { traceparent: `00-${traceId}-${parentId}-01`, tracestate: 'vendor=abc', baggage: 'tenant=acme' },
    });
    const server = await running.exporter.waitFor('GET /users/:id');
    expect(server.spanContext().traceId).toBe(traceId);
    expect(server.parentSpanContext?.spanId).toBe(parentId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(server.spanContext().traceState?.get('vendor')).toBe('abc');
    expect(running.exporter.find('UsersService.find')!.spanContext().traceId).toBe(traceId);
  });

  it('starts a new trace when the traceparent is malformed, and serves the request', async () => {
    const response = await fetch(`${running.url}/users/1`, { headers: { traceparent: '00-not-a-trace-id-01' } });
    expect(response.status).toBe(200);
    const server = await running.exporter.waitFor('GET /users/:id');
    expect(server.parentSpanContext).toBeUndefined();
    expect(server.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('records nothing for an unsampled traceparent, and serves the request', async () => {
    const response = await fetch(`${running.url}/users/1`, {
      headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' },
    });
    expect(response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running.exporter.spans).toHaveLength(0);
  });
});
