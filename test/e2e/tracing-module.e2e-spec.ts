import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { context, diag, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResult, ExportResultCode } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { Traced, TraceService, TRACING_SDK, TracingConfigurationError, TracingModule, TracingSdk } from 'nestjs-tracing';
import { TestSpanExporter } from 'nestjs-tracing/testing';
import { captureDiag, setEnv } from '../support/scoped-env';

@Injectable()
class Orders {
  @Traced()
  async place(id: string) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return id;
  }
}

/** A real exporter that, like a network one, takes a moment to acknowledge each batch. */
class SlowRecordingExporter implements SpanExporter {
  readonly received: ReadableSpan[] = [];
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    setTimeout(() => {
      this.received.push(...spans);
      done({ code: ExportResultCode.SUCCESS });
    }, 20);
  }
  async shutdown(): Promise<void> {}
}

const CONFIG = 'CONFIG';
@Module({ providers: [{ provide: CONFIG, useValue: { name: 'orders', version: '2.0.0' } }], exports: [CONFIG] })
class ConfigModule {}

const running: TestingModule[] = [];
async function boot(tracing: DynamicModule): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({ imports: [tracing], providers: [Orders] }).compile();
  running.push(moduleRef);
  await moduleRef.init();
  return moduleRef;
}

let restoreEnv: () => void = () => undefined;
function env(vars: Record<string, string | undefined>): void {
  restoreEnv = setEnv(vars);
}

afterEach(async () => {
  while (running.length > 0) await running.pop()!.close();
  restoreEnv();
  restoreEnv = () => undefined;
});

describe('TracingModule.forRoot and forRootAsync', () => {
  async function placeAndGetSpan(tracing: DynamicModule, exporter: TestSpanExporter): Promise<ReadableSpan> {
    const moduleRef = await boot(tracing);
    await moduleRef.get(Orders).place('o-1');
    return exporter.find('Orders.place')!;
  }

  it('build the same thing from the same options, the async one through an injected config', async () => {
    const syncExporter = new TestSpanExporter();
    const fromSync = await placeAndGetSpan(
      TracingModule.forRoot({ serviceName: 'orders', serviceVersion: '2.0.0', exporter: syncExporter, resourceAttributes: { team: 'pay' } }),
      syncExporter,
    );
    await running.pop()!.close();

    const asyncExporter = new TestSpanExporter();
    const fromAsync = await placeAndGetSpan(
      TracingModule.forRootAsync({
        imports: [ConfigModule],
        inject: [CONFIG],
        useFactory: (config: { name: string; version: string }) => ({
          serviceName: config.name,
          serviceVersion: config.version,
          exporter: asyncExporter,
          resourceAttributes: { team: 'pay' },
        }),
      }),
      asyncExporter,
    );
    for (const span of [fromSync, fromAsync]) {
      expect(span.resource.attributes).toMatchObject({ [ATTR_SERVICE_NAME]: 'orders', [ATTR_SERVICE_VERSION]: '2.0.0', team: 'pay' });
      expect(span.instrumentationScope.name).toBe('nestjs-tracing');
    }
  });

  it.each([
    ['forRoot', () => TracingModule.forRoot({ exporter: new TestSpanExporter() })],
    ['forRootAsync', () => TracingModule.forRootAsync({ useFactory: () => ({ exporter: new TestSpanExporter() }) })],
  ])('%s is global by default: TraceService reaches modules that do not import it', async (_name, tracing) => {
    @Injectable()
    class Consumer {
      constructor(readonly trace: TraceService) {}
    }
    @Module({ providers: [Consumer], exports: [Consumer] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({ imports: [tracing(), FeatureModule] }).compile();
    running.push(moduleRef);
    expect(moduleRef.get(Consumer).trace).toBeInstanceOf(TraceService);
  });

  it.each([
    ['forRoot', () => TracingModule.forRoot({ isGlobal: false, exporter: new TestSpanExporter() })],
    ['forRootAsync', () => TracingModule.forRootAsync({ isGlobal: false, useFactory: () => ({ exporter: new TestSpanExporter() }) })],
  ])('%s with isGlobal: false is not global', async (_name, tracing) => {
    @Injectable()
    class Consumer {
      constructor(readonly trace: TraceService) {}
    }
    @Module({ providers: [Consumer] })
    class FeatureModule {}
    try {
      await expect(Test.createTestingModule({ imports: [tracing(), FeatureModule] }).compile()).rejects.toThrow(/TraceService/);
    } finally {
      // The failed compile may have installed the SDK already, and there is no app to close.
      trace.disable();
      context.disable();
      propagation.disable();
    }
  });
});

describe('TracingModule configuration errors at startup', () => {
  it.each([
    ['sampler.ratio 1.5', {}, { sampler: { ratio: 1.5 } }, /sampler\.ratio must be a number from 0 to 1.*got 1\.5/],
    ['sampler.ratio NaN', {}, { sampler: { ratio: NaN } }, /sampler\.ratio must be a number from 0 to 1.*got NaN/],
    ['sampler.ratio -1', {}, { sampler: { ratio: -1 } }, /sampler\.ratio must be a number from 0 to 1.*got -1/],
    ["exporter 'zipkin'", {}, { exporter: 'zipkin' }, /exporter="zipkin" is not a known exporter; use one of console, otlp, memory, none/],
    ['OTEL_TRACES_EXPORTER=bogus', { OTEL_TRACES_EXPORTER: 'bogus' }, {}, /OTEL_TRACES_EXPORTER="bogus" is not a known exporter/],
    ['OTEL_TRACES_SAMPLER=bogus', { OTEL_TRACES_SAMPLER: 'bogus' }, {}, /OTEL_TRACES_SAMPLER="bogus" is not supported; use one of .*parentbased_traceidratio/],
    [
      'OTEL_TRACES_SAMPLER_ARG=2',
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '2' },
      {},
      /OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1.*got 2/,
    ],
    [
      'OTEL_TRACES_SAMPLER_ARG=abc',
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'abc' },
      {},
      /OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1.*got "abc"/,
    ],
    [
      'OTEL_EXPORTER_OTLP_PROTOCOL=http',
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' },
      { exporter: 'otlp' },
      /OTEL_EXPORTER_OTLP_PROTOCOL="http" is not supported; use one of "http\/protobuf", "http\/json", "grpc"/,
    ],
    [
      'a malformed otlp.endpoint, shown as written',
      {},
      { exporter: 'otlp', otlp: { endpoint: 'collector:4318' } },
      /otlp\.endpoint must be an http\(s\) URL such as http:\/\/localhost:4318, got "collector:4318"$/,
    ],
    ['a negative otlp.timeoutMillis', {}, { exporter: 'otlp', otlp: { timeoutMillis: -5 } }, /otlp\.timeoutMillis must be a positive number of milliseconds.*got -5$/],
    [
      'a non-numeric OTEL_EXPORTER_OTLP_TIMEOUT',
      { OTEL_EXPORTER_OTLP_TIMEOUT: 'abc' },
      { exporter: 'otlp' },
      /OTEL_EXPORTER_OTLP_TIMEOUT must be a positive number of milliseconds.*got "abc"$/,
    ],
    ['an unknown compression', {}, { exporter: 'otlp', otlp: { compression: 'zip' } }, /otlp\.compression="zip" is not supported; use one of "gzip", "none"/],
    ['a misspelt option key', {}, { servicename: 'orders' }, /unknown option servicename: did you mean serviceName\?/],
    ['a misspelt nested key', {}, { otlp: { endpiont: 'http://collector:4318' } }, /unknown option otlp\.endpiont: did you mean otlp\.endpoint\?/],
    ['an unknown key with no near name', {}, { colour: 'blue' }, /unknown option colour; known options are serviceName, /],
    [
      'a malformed OTEL_EXPORTER_OTLP_ENDPOINT',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' },
      { exporter: 'otlp' },
      /OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL such as http:\/\/localhost:4318, got "not a url/,
    ],
    ['a bare number as sampler', {}, { sampler: 0.25 }, /sampler must be \{ ratio\?, maxPerSecond\?.*got 0\.25/],
    ['a misspelt sampler key', {}, { sampler: { rate: 0.1 } }, /sampler must be .*unknown key\(s\) rate/],
    ['an unknown span processor', {}, { spanProcessor: 'simpel' }, /spanProcessor must be 'batch' or 'simple', got "simpel"/],
    ['a header list given as a string', {}, { http: { requestHeaders: 'x-id' } }, /http\.requestHeaders must be an array of strings/],
    ['db.enabled given as a string', {}, { db: { enabled: 'no' } }, /db must be \{ enabled\?: boolean \}/],
    ['a misspelt logs key', {}, { logs: { spanEvent: true } }, /unknown option logs\.spanEvent: did you mean logs\.spanEvents\?/],
    ['an unknown graphql.resolverSpans', {}, { graphql: { resolverSpans: 'some' } }, /graphql\.resolverSpans must be 'async', 'all' or 'none', got "some"/],
    ['a misspelt graphql key', {}, { graphql: { recordDocuments: true } }, /unknown option graphql\.recordDocuments: did you mean graphql\.recordDocument\?/],
    ['graphql.recordDocument given as a string', {}, { graphql: { recordDocument: 'yes' } }, /graphql\.recordDocument must be true or false, got "yes"/],
    ['a logs switch given as a string', {}, { logs: { correlation: 'off' } }, /logs\.correlation must be true or false, got "off"/],
    ['an unknown OTEL_LOGS_EXPORTER', { OTEL_LOGS_EXPORTER: 'console' }, {}, /OTEL_LOGS_EXPORTER="console" is not supported; use "otlp" or "none"/],
    ['a malformed otlp.logsEndpoint', {}, { exporter: 'none', logs: { otlp: true }, otlp: { logsEndpoint: 'x' } }, /otlp\.logsEndpoint must be an http\(s\) URL/],
  ])('fails with a message that says what to fix: %s', async (_label, vars, options, message) => {
    env(vars);
    const compiling = Test.createTestingModule({ imports: [TracingModule.forRoot(options as object)] }).compile();
    await expect(compiling).rejects.toThrow(TracingConfigurationError);
    await expect(
      Test.createTestingModule({ imports: [TracingModule.forRoot(options as object)] }).compile(),
    ).rejects.toThrow(message);
  });
});

describe('TracingModule environment fallbacks', () => {
  it('takes service name and resource attributes from OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES', async () => {
    env({ OTEL_SERVICE_NAME: 'from-env', OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.2.3,deployment.environment.name=staging' });
    const exporter = new TestSpanExporter();
    const moduleRef = await boot(TracingModule.forRoot({ exporter }));
    await moduleRef.get(Orders).place('x');
    expect(exporter.find('Orders.place')!.resource.attributes).toMatchObject({
      [ATTR_SERVICE_NAME]: 'from-env',
      [ATTR_SERVICE_VERSION]: '1.2.3',
      'deployment.environment.name': 'staging',
    });
  });

  it('lets code options win over the environment', async () => {
    env({ OTEL_SERVICE_NAME: 'from-env', OTEL_TRACES_EXPORTER: 'bogus', OTEL_TRACES_SAMPLER: 'always_off' });
    const exporter = new TestSpanExporter();
    const moduleRef = await boot(TracingModule.forRoot({ serviceName: 'from-code', exporter, sampler: { ratio: 1 } }));
    await moduleRef.get(Orders).place('x');
    expect(exporter.find('Orders.place')!.resource.attributes[ATTR_SERVICE_NAME]).toBe('from-code');
  });

  it('follows OTEL_TRACES_SAMPLER=parentbased_traceidratio with its ARG', async () => {
    env({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0' });
    const exporter = new TestSpanExporter();
    const moduleRef = await boot(TracingModule.forRoot({ exporter }));
    const orders = moduleRef.get(Orders);
    const traceService = moduleRef.get(TraceService);
    await orders.place('new trace');
    expect(exporter.spans).toHaveLength(0);

    const sampledParent = traceService.extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, ROOT_CONTEXT);
    await traceService.withContext(sampledParent, () => orders.place('sampled parent'));
    const span = exporter.find('Orders.place')!;
    expect(span.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });

  it('exports to memory with OTEL_TRACES_EXPORTER=memory', async () => {
    env({ OTEL_TRACES_EXPORTER: 'memory' });
    const moduleRef = await boot(TracingModule.forRoot({ serviceName: 'mem' }));
    await moduleRef.get(Orders).place('x');
    const sdk = moduleRef.get<TracingSdk>(TRACING_SDK);
    expect(sdk.exporter).toBeInstanceOf(InMemorySpanExporter);
    expect((sdk.exporter as InMemorySpanExporter).getFinishedSpans().map((span) => span.name)).toEqual(['Orders.place']);
  });
});

describe('TracingModule and the global OpenTelemetry state', () => {
  it('uses a tracer provider the app registered first, and leaves it running on close', async () => {
    const hostExporter = new InMemorySpanExporter();
    const hostProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(hostExporter)] });
    trace.setGlobalTracerProvider(hostProvider);
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const ours = new TestSpanExporter();
      const moduleRef = await boot(TracingModule.forRoot({ serviceName: 'ignored', exporter: ours }));
      expect(moduleRef.get<TracingSdk>(TRACING_SDK).usesHostProvider).toBe(true);
      await moduleRef.get(Orders).place('x');
      expect(hostExporter.getFinishedSpans().map((span) => span.name)).toEqual(['Orders.place']);
      expect(ours.spans).toHaveLength(0);

      await running.pop()!.close();
      trace.getTracer('host').startSpan('after close').end();
      expect(hostExporter.getFinishedSpans().map((span) => span.name)).toEqual(['Orders.place', 'after close']);
    } finally {
      await hostProvider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    }
  });

  it('exports every span of the batch processor by the time close() resolves', async () => {
    const exporter = new SlowRecordingExporter();
    const moduleRef = await boot(TracingModule.forRoot({ exporter, spanProcessor: 'batch' }));
    const orders = moduleRef.get(Orders);
    await Promise.all(Array.from({ length: 25 }, (_, i) => orders.place(`o-${i}`)));
    await running.pop()!.close();
    expect(exporter.received).toHaveLength(25);
  });

  it('lets another app install again in the same process after close()', async () => {
    const first = new TestSpanExporter();
    const firstRef = await boot(TracingModule.forRoot({ serviceName: 'first', exporter: first }));
    await firstRef.get(Orders).place('1');
    await running.pop()!.close();

    const second = new TestSpanExporter();
    const secondRef = await boot(TracingModule.forRoot({ serviceName: 'second', exporter: second }));
    expect(secondRef.get<TracingSdk>(TRACING_SDK).usesHostProvider).toBe(false);
    await secondRef.get(Orders).place('2');
    const span = second.find('Orders.place')!;
    expect(span.resource.attributes[ATTR_SERVICE_NAME]).toBe('second');
  });

  it('shares its SDK with a second app of the same process until the last one closes', async () => {
    const diagMessages = captureDiag();
    try {
      const exporter = new InMemorySpanExporter();
      const firstRef = await boot(TracingModule.forRoot({ serviceName: 'orders', exporter }));
      const secondRef = await boot(TracingModule.forRoot({ serviceName: 'users', exporter }));
      await secondRef.get(Orders).place('from-users');
      // The second app's spans go through the first app's provider, and it says so once.
      expect(exporter.getFinishedSpans()[0].resource.attributes[ATTR_SERVICE_NAME]).toBe('orders');
      const notices = diagMessages.filter((entry) => /already set up OpenTelemetry/.test(entry.message));
      expect(notices).toHaveLength(1);
      expect(notices[0].message).toContain('"users"');

      // Closing the first app neither stops the second one's tracing nor shuts down the user's exporter.
      await firstRef.close();
      running.splice(running.indexOf(firstRef), 1);
      await secondRef.get(Orders).place('after-first-closed');
      expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['Orders.place', 'Orders.place']);

      // The last one out uninstalls: the next app installs its own provider again.
      await secondRef.close();
      running.splice(running.indexOf(secondRef), 1);
      const third = new TestSpanExporter();
      const thirdRef = await boot(TracingModule.forRoot({ serviceName: 'third', exporter: third }));
      expect(thirdRef.get<TracingSdk>(TRACING_SDK).usesHostProvider).toBe(false);
      await thirdRef.get(Orders).place('3');
      expect(third.find('Orders.place')!.resource.attributes[ATTR_SERVICE_NAME]).toBe('third');
    } finally {
      diag.disable();
    }
  });
});
