import { CanActivate, Controller, ExecutionContext, Get, Injectable, Param, UseGuards } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Traced } from 'nestjs-tracing';
import { defer, Observable } from 'rxjs';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { RunningApp, startApp } from '../support/http-apps';

/** Lets a request through only with `x-key: open`. */
class KeyGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    return context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['x-key'] === 'open';
  }
}

@Injectable()
class Catalog {
  @Traced()
  lookup(id: string) {
    return { id, title: `Book ${id}` };
  }
}

@Controller('books')
class BooksController {
  constructor(private readonly catalog: Catalog) {}

  @Traced()
  @Get('below/:id')
  below(@Param('id') id: string) {
    return this.catalog.lookup(id);
  }

  @Get('above/:id')
  @Traced()
  above(@Param('id') id: string) {
    return this.catalog.lookup(id);
  }

  @Traced()
  @UseGuards(KeyGuard)
  @Get('guarded-below')
  guardedBelow() {
    return 'secret below';
  }

  @Get('guarded-above')
  @UseGuards(KeyGuard)
  @Traced()
  guardedAbove() {
    return 'secret above';
  }

  @Get('guarded-middle')
  @Traced()
  @UseGuards(KeyGuard)
  guardedMiddle() {
    return 'secret middle';
  }

  @Get('stream/:id')
  @Traced('books.stream')
  stream(@Param('id') id: string): Observable<object> {
    return defer(async () => this.catalog.lookup(id));
  }
}

describe('@Traced on controller methods of a real Express app', () => {
  let running: RunningApp;

  beforeAll(async () => {
    running = await startApp('express', { controllers: [BooksController], providers: [Catalog] });
  });
  afterAll(() => running.app.close());
  beforeEach(() => running.exporter.reset());

  it.each(['below', 'above'])('routes with @Traced %s @Get and nests the spans under the SERVER span', async (position) => {
    const response = await fetch(`${running.url}/books/${position}/7`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: '7', title: 'Book 7' });

    const server = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER);
    const handler = running.exporter.find(`BooksController.${position}`)!;
    const lookup = running.exporter.find('Catalog.lookup')!;
    expect(handler.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(lookup.parentSpanContext?.spanId).toBe(handler.spanContext().spanId);
    expect(new Set([server, handler, lookup].map((span) => span.spanContext().traceId)).size).toBe(1);
  });

  it.each(['below', 'above', 'middle'])('still runs the guard with @Traced written %s', async (position) => {
    const denied = await fetch(`${running.url}/books/guarded-${position}`);
    expect(denied.status).toBe(403);
    const server = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER);
    expect(server.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(403);
    expect(running.exporter.findAll((span) => span.name.startsWith('BooksController.'))).toHaveLength(0);

    running.exporter.reset();
    const allowed = await fetch(`${running.url}/books/guarded-${position}`, { headers: { 'x-key': 'open' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe(`secret ${position}`);
    const handlerName = `BooksController.guarded${position[0].toUpperCase()}${position.slice(1)}`;
    const handler = await running.exporter.waitFor(handlerName);
    expect(handler.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('keeps the span of a handler returning an Observable open until Nest has its value', async () => {
    const response = await fetch(`${running.url}/books/stream/9`);
    expect(await response.json()).toEqual({ id: '9', title: 'Book 9' });
    const server = await running.exporter.waitFor((span) => span.kind === SpanKind.SERVER);
    const stream = running.exporter.find('books.stream')!;
    expect(stream.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(running.exporter.find('Catalog.lookup')!.parentSpanContext?.spanId).toBe(stream.spanContext().spanId);
  });
});
