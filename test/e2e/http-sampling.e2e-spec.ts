import { request } from 'node:http';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { Attributes, Context, SpanKind } from '@opentelemetry/api';
import { Sampler, SamplingDecision, SamplingResult } from '@opentelemetry/sdk-trace-base';
import { TraceService, Traced } from 'nestjs-tracing';
import { PLATFORMS, RunningApp, startApp } from '../support/http-apps';

/** What a handler sees of its trace: the headers it would send downstream. */
@Controller('echo')
class EchoController {
  constructor(private readonly trace: TraceService) {}

  @Get(':name')
  @Traced('EchoController.get')
  get(@Param('name') name: string) {
    return { name, outgoing: this.trace.inject({} as Record<string, string>) };
  }

  @Post()
  post(@Body() body: { name: string }) {
    return { name: body.name, outgoing: this.trace.inject({} as Record<string, string>) };
  }
}

/** Samples only the paths it is told to: it decides on the start attributes. */
class PathSampler implements Sampler {
  readonly seen: Attributes[] = [];
  shouldSample(_context: Context, _traceId: string, _name: string, kind: SpanKind, attributes: Attributes): SamplingResult {
    if (kind !== SpanKind.SERVER) return { decision: SamplingDecision.RECORD_AND_SAMPLED };
    this.seen.push(attributes);
    const keep = String(attributes['url.path']).startsWith('/echo/keep');
    return { decision: keep ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  }
  toString() {
    return 'PathSampler';
  }
}

/** A JSON POST whose body arrives in a second packet, after the handler's context was set up. */
function postInTwoParts(url: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '14' } });
    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode })));
    });
    outgoing.on('error', reject);
    outgoing.flushHeaders();
    outgoing.write('{"name":');
    setTimeout(() => outgoing.end('"ada"}'), 30);
  });
}

// Flags: sampled (1) and, for the random ids of a trace started here, random (2; Trace Context level 2).
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0([0-3])$/;

describe.each(PLATFORMS)('HTTP sampling on %s', (platform) => {
  describe('a sampler of the app that reads the start attributes', () => {
    const sampler = new PathSampler();
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(platform, { controllers: [EchoController] }, { sampler });
    });
    afterAll(() => running.app.close());

    it('is given the request attributes when the server span starts, and its decision holds', async () => {
      const kept = await fetch(`${running.url}/echo/keep-me`);
      const dropped = await fetch(`${running.url}/echo/drop-me`);
      expect([kept.status, dropped.status]).toEqual([200, 200]);
      const server = await running.exporter.waitFor('GET /echo/:name');
      expect(server.attributes['url.path']).toBe('/echo/keep-me');
      expect(sampler.seen.map((attributes) => attributes['url.path'])).toEqual(['/echo/keep-me', '/echo/drop-me']);
      expect(sampler.seen[1]).toMatchObject({ 'http.request.method': 'GET', 'url.scheme': 'http' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(running.exporter.spans.filter((span) => span.kind === SpanKind.SERVER)).toHaveLength(1);
      expect(running.app.get(TraceService).samplingStats).toBeUndefined(); // not ours to count
    });
  });

  describe('ratio 0: every request unsampled', () => {
    let running: RunningApp;
    beforeAll(async () => {
      running = await startApp(platform, { controllers: [EchoController] }, { sampler: { ratio: 0 } });
    });
    afterAll(() => running.app.close());

    it.each([
      ['a GET', (url: string) => fetch(`${url}/echo/ada`)],
      ['a POST whose JSON body comes late', postInTwoParts],
    ])('records nothing for %s, yet the handler carries the unsampled trace downstream', async (_label, send) => {
      const response = await send(running.url);
      const body = (await response.json()) as { name: string; outgoing: { traceparent?: string } };
      expect(body.name).toBe('ada');
      expect(body.outgoing.traceparent).toMatch(TRACEPARENT);
      expect(TRACEPARENT.exec(body.outgoing.traceparent!)![1]).toBe('2');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(running.exporter.spans).toHaveLength(0);
    });

    it('continues the trace id of an unsampled traceparent in what the handler sends on', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const response = await fetch(`${running.url}/echo/ada`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-00` } });
      const body = (await response.json()) as { outgoing: { traceparent: string } };
      expect(body.outgoing.traceparent.split('-')[1]).toBe(traceId);
    });

    it("follows a caller's sampled traceparent: the request and its children are recorded under the caller's span", async () => {
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const response = await fetch(`${running.url}/echo/bob`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } });
      const body = (await response.json()) as { outgoing: { traceparent: string } };
      expect(TRACEPARENT.exec(body.outgoing.traceparent)![1]).toBe('1');
      const server = await running.exporter.waitFor('GET /echo/:name');
      expect(server.spanContext().traceId).toBe(traceId);
      expect(server.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
      expect(running.exporter.childrenOf(server).map((span) => span.name)).toEqual(['EchoController.get']);
    });

    it('counts the new traces it dropped, and not what a caller decided', async () => {
      const before = running.app.get(TraceService).samplingStats!;
      await fetch(`${running.url}/echo/ada`);
      await fetch(`${running.url}/echo/ada`, { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' } });
      const after = running.app.get(TraceService).samplingStats!;
      expect(after).toEqual({ ...before, dropped: before.dropped + 1 });
    });
  });
});
