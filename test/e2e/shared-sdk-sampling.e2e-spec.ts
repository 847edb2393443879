import { Controller, Get, Injectable } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { Traced } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { RunningApp, startApp } from '../support/http-apps';

@Injectable()
class UsersService {
  @Traced()
  find() {
    return { name: 'Ada' };
  }
}

@Controller('users')
class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  get() {
    return this.users.find();
  }
}

const SAMPLED_PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('a second app sharing the SDK of the first app of its process', () => {
  const exporter = new TestSpanExporter();
  let first: RunningApp;
  let second: RunningApp;

  beforeAll(async () => {
    first = await startApp('express', {}, { serviceName: 'orders', sampler: { ratio: 0 } }, exporter);
    second = await startApp('express', { controllers: [UsersController], providers: [UsersService] }, { serviceName: 'users' }, exporter);
  });
  afterAll(async () => {
    await second.app.close();
    await first.app.close();
  });

  it('samples its own requests, recorded as its own service, with the sampler in use', async () => {
    // ratio 0: a new trace is dropped, whole...
    expect((await fetch(`${second.url}/users`)).status).toBe(200);
    // ...and a caller's sampled trace is continued (parent-based), whole.
    expect((await fetch(`${second.url}/users`, { headers: { traceparent: SAMPLED_PARENT } })).status).toBe(200);
    const server = await exporter.waitFor((span) => span.kind === SpanKind.SERVER);
    expect(server.resource.attributes[ATTR_SERVICE_NAME]).toBe('users');
    expect(server.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    // Both requests' internal spans ended before their responses were sent: only the second's exist.
    expect(exporter.spans.map((span) => [span.name, span.spanContext().traceId])).toEqual([
      ['UsersService.find', '4bf92f3577b34da6a3ce929d0e0e4736'],
      ['GET /users', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ]);
  });
});
