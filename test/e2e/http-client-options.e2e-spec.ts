import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import { diag, SpanKind } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { HttpClientTracingOptions, TraceService, TracingConfigurationError, TracingModule } from 'nestjs-tracing';
import { callers } from '../support/http-clients';
import { HttpTarget, startHttpTarget } from '../support/http-target';
import { RunningApp, startApp } from '../support/http-apps';
import { captureDiag } from '../support/scoped-env';

describe('http.client options', () => {
  let target: HttpTarget;
  let running: RunningApp | undefined;

  beforeAll(async () => {
    target = await startHttpTarget();
  });
  afterAll(() => target.close());
  afterEach(async () => {
    await running?.app.close();
    running = undefined;
    target.received.length = 0;
    diag.disable();
  });

  /** Starts an app with these client options and calls each URL with fetch inside a span. */
  async function callWith(client: HttpClientTracingOptions, urls: string[]) {
    running = await startApp('express', {}, { http: { client } });
    const trace = running.app.get(TraceService);
    for (const url of urls) await trace.withSpan('caller', () => callers.fetch(url));
    const spans = running.exporter.spans.filter((span) => span.kind === SpanKind.CLIENT);
    return { urlsTraced: spans.map((span) => span.attributes[ATTR_URL_FULL]), headers: target.received.map((request) => request.traceparents.length) };
  }

  it('ignoreUrls: a prefix, a RegExp and a function each leave a request without span or header', async () => {
    const { urlsTraced, headers } = await callWith({ ignoreUrls: [`${target.url}/health`, /\/metrics$/, (url) => url.includes('poll=1')] }, [
      `${target.url}/health/live`,
      `${target.url}/metrics`,
      `${target.url}/jobs?poll=1`,
      `${target.url}/ok`,
    ]);
    expect(urlsTraced).toEqual([`${target.url}/ok`]);
    expect(headers).toEqual([0, 0, 0, 1]);
  });

  it('propagateTo: other servers get their span but no trace headers', async () => {
    const { urlsTraced, headers } = await callWith({ propagateTo: ['localhost', /\/partner\//] }, [
      `${target.url}/ok`,
      `http://localhost:${target.port}/ok`,
      `${target.url}/partner/orders`,
    ]);
    expect(urlsTraced).toHaveLength(3);
    expect(headers).toEqual([0, 1, 1]);
  });

  it('recordQueryValues keeps query values but those of the sensitive keys', async () => {
    const { urlsTraced } = await callWith({ recordQueryValues: true }, [`${target.url}/ok?page=2&token=t`]);
    expect(urlsTraced).toEqual([`${target.url}/ok?page=2&token=REDACTED`]);
  });

  it('sensitiveQueryKeys replaces the default list', async () => {
    const { urlsTraced } = await callWith({ recordQueryValues: true, sensitiveQueryKeys: ['email'] }, [`${target.url}/ok?email=a%40b.test&token=t`]);
    expect(urlsTraced).toEqual([`${target.url}/ok?email=REDACTED&token=t`]);
  });

  it('enabled: false traces no outgoing request', async () => {
    const { urlsTraced, headers } = await callWith({ enabled: false }, [`${target.url}/ok`]);
    expect(urlsTraced).toEqual([]);
    expect(headers).toEqual([0]);
  });

  it('a throwing ignoreUrls function: the request is traced and goes on, and diag hears of it once', async () => {
    const messages = captureDiag();
    const { urlsTraced } = await callWith(
      {
        ignoreUrls: [
          () => {
            throw new Error('bad matcher');
          },
        ],
      },
      [`${target.url}/ok`, `${target.url}/ok`],
    );
    expect(urlsTraced).toHaveLength(2);
    expect(messages.filter((entry) => /ignoreUrls function threw/.test(entry.message))).toHaveLength(1);
  });

  it('unsubscribes and puts node:http back as it was when the last app closes', async () => {
    const channels = ['undici:request:create', 'undici:request:headers', 'http.client.request.created', 'http.client.response.finish'];
    const subscribed = () => channels.filter((name) => diagnosticsChannel.channel(name).hasSubscribers);
    const agentPrototype = http.Agent.prototype as unknown as { addRequest: unknown };
    const addRequest = agentPrototype.addRequest;
    const first = await startApp('express', {});
    const second = await startApp('express', {});
    expect(subscribed()).toEqual(channels);
    await first.app.close();
    expect(subscribed()).toEqual(channels);
    await second.app.close();
    expect(subscribed()).toEqual([]);
    expect(agentPrototype.addRequest).toBe(addRequest);
  });

  it.each([
    [{ enabled: 'yes' }, /http\.client\.enabled must be true or false, got yes/],
    [{ ignoreUrl: [] }, /http\.client has unknown key\(s\) ignoreUrl/],
    [{ ignoreUrls: [42] }, /http\.client\.ignoreUrls must be an array of URL prefixes, RegExps or/],
    [{ propagateTo: 'api.internal' }, /http\.client\.propagateTo must be an array of host names/],
    [{ sensitiveQueryKeys: ['token', ''] }, /http\.client\.sensitiveQueryKeys must be an array of query parameter names/],
    ['off', /http\.client must be an object/],
  ])('bad options fail at startup, naming what to fix: %j', async (client, message) => {
    const compiling = Test.createTestingModule({ imports: [TracingModule.forRoot({ exporter: 'none', http: { client } as object })] }).compile();
    await expect(compiling).rejects.toThrow(TracingConfigurationError);
    await expect(compiling).rejects.toThrow(message);
  });
});
