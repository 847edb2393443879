import { Controller, Get, Req } from '@nestjs/common';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';

const SECRET = 's3cr3t-value';

@Controller('orders')
class OrdersController {
  @Get(':id')
  find() {
    return { id: 1 };
  }

  /** An error that quotes the URL it was called with, query included. */
  @Get(':id/fail')
  fail(@Req() request: { url: string; originalUrl?: string }) {
    throw new Error(`could not load ${request.originalUrl ?? request.url}`);
  }
}

/** Every string a span carries once exported: name, status, attributes, events, links, resource. */
function exportedText(span: ReadableSpan): string {
  return JSON.stringify({
    name: span.name,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, attributes: event.attributes })),
    links: span.links,
    resource: span.resource.attributes,
  });
}

describe.each(PLATFORMS)('nothing secret is recorded (%s)', (platform) => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp(
      platform,
      { controllers: [OrdersController] },
      {
        http: {
          // Listed, yet never recorded: denied by default, by the word rule, or by the app.
          requestHeaders: ['x-request-id', 'authorization', 'x-api-key', 'x-goog-api-key', 'x-session-token', 'x-tenant-pin'],
          responseHeaders: ['set-cookie', 'x-request-id'],
          deniedHeaders: ['X-Tenant-Pin'],
        },
      },
    );
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  const SECRET_HEADERS = {
    authorization: `Bearer ${SECRET}`,
    cookie: `sid=${SECRET}`,
    'x-api-key': SECRET,
    'x-goog-api-key': SECRET,
    'x-session-token': SECRET,
    'x-tenant-pin': SECRET,
    'x-request-id': 'req-1',
  };

  it.each([
    ['Nest 404 for an unknown route', `/nowhere?token=${SECRET}`, 404],
    ['a handler error that quotes the URL', `/orders/7/fail?token=${SECRET}&x=1`, 500],
    ['a matched route', `/orders/7?token=${SECRET}`, 200],
  ])('%s: records the path and the exception, not the query or secret headers', async (_, path, status) => {
    const response = await fetch(`${running.url}${path}`, { headers: SECRET_HEADERS });
    expect(response.status).toBe(status);
    const server = await running.exporter.waitFor((span) => span.attributes['http.response.status_code'] === status);

    expect(server.attributes['url.path']).toBe(path.slice(0, path.indexOf('?')));
    expect(server.attributes['http.request.header.x-request-id']).toEqual(['req-1']);
    if (status !== 200) {
      const exception = server.events.find((event) => event.name === 'exception')!;
      expect(exception.attributes?.['exception.message']).toMatch(/\/(nowhere|orders\/7\/fail)$/);
      expect(String(exception.attributes?.['exception.stacktrace'])).toContain(path.slice(0, path.indexOf('?')));
    }
    for (const span of running.exporter.spans) {
      expect(exportedText(span)).not.toContain(SECRET);
      expect(exportedText(span)).not.toContain('token=');
    }
  });
});
