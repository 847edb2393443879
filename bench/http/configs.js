'use strict';
// The HTTP configurations compared. `setup()` runs in the server process before Nest is
// loaded (instrumentations patch modules as they are required) and returns:
//   imports / decorateService(UsersService)   hooks into the app (http/app.js)
//   afterListen(server)                       e.g. wraps the request listener
//   spans()                                   spans exported so far, after flush()
const { CountingExporter } = require('../lib/counting-exporter');
const { applyToMethod } = require('../lib/decorators');
const { library } = require('../lib/paths');
const { floorConfig, registerOtelSdk } = require('./otel-sdk');

const SPAN_NAME = 'UsersService.getUser';

function instrumentations(names) {
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const all = {
    http: () => new (require('@opentelemetry/instrumentation-http').HttpInstrumentation)(),
    express: () => new (require('@opentelemetry/instrumentation-express').ExpressInstrumentation)(),
    nestjs: () => new (require('@opentelemetry/instrumentation-nestjs-core').NestInstrumentation)(),
  };
  registerInstrumentations({ instrumentations: names.map((name) => all[name]()) });
}

function ours(sampler) {
  return () => {
    const { TracingModule, Traced, SpanAttribute } = library();
    const exporter = new CountingExporter();
    return {
      imports: [TracingModule.forRoot({ serviceName: 'bench', exporter, spanProcessor: 'batch', sampler })],
      decorateService: (UsersService) => applyToMethod(UsersService, 'getUser', [Traced(SPAN_NAME)], [[0, SpanAttribute('user.id')]]),
      spans: () => exporter.exported, // the module flushes on app.close()
    };
  };
}

const configs = [
  { name: 'untraced', label: 'untraced', setup: () => ({}) },
  floorConfig('request', (enterFloor) => ({
    // As early as any tracer could: around the server's own request listeners.
    afterListen(server) {
      for (const listener of server.listeners('request')) {
        server.removeListener('request', listener);
        server.on('request', function (request, response) {
          return enterFloor(request, () => listener.call(this, request, response));
        });
      }
    },
  })),
  {
    name: 'otel-auto',
    label: 'OTel auto-instrumentation (http, express, nestjs-core)',
    setup() {
      const sdk = registerOtelSdk();
      instrumentations(['http', 'express', 'nestjs']);
      return sdk;
    },
  },
  {
    name: 'nestjs-otel',
    label: 'nestjs-otel @Span + instrumentation-http',
    setup() {
      const sdk = registerOtelSdk();
      instrumentations(['http']);
      const { OpenTelemetryModule, Span } = require('nestjs-otel');
      return {
        imports: [OpenTelemetryModule.forRoot()],
        decorateService: (UsersService) =>
          applyToMethod(UsersService, 'getUser', [Span(SPAN_NAME, (id) => ({ attributes: { 'user.id': id } }))]),
        ...sdk,
      };
    },
  },
  { name: 'ours', label: 'nestjs-tracing, AlwaysOn', ours: true, setup: ours({ ratio: 1 }) },
  { name: 'ours-1pct', label: 'nestjs-tracing, 1 % sampling', ours: true, setup: ours({ ratio: 0.01 }) },
  // Every request succeeds: this is the price of recording the 99 % in case they fail.
  { name: 'ours-1pct-keep', label: 'nestjs-tracing, 1 % + keep errors', ours: true, setup: ours({ ratio: 0.01, keep: { errors: true } }) },
  { name: 'ours-adaptive', label: 'nestjs-tracing, adaptive 10 traces/s', ours: true, setup: ours({ maxPerSecond: 10 }) },
];



/** Not in the HTTP table: the configs the memory part and the experiments use. */
const extraConfigs = [
  {
    name: 'ours-exporter-down',
    label: 'nestjs-tracing, AlwaysOn, OTLP exporter at a closed port',
    ours: true,
    setup() {
      const { TracingModule, Traced, SpanAttribute } = library();
      const endpoint = `http://127.0.0.1:${process.env.BENCH_CLOSED_PORT}`;
      return {
        imports: [TracingModule.forRoot({ serviceName: 'bench', exporter: 'otlp', otlp: { endpoint, timeoutMillis: 1000 }, sampler: { ratio: 1 } })],
        decorateService: (UsersService) => applyToMethod(UsersService, 'getUser', [Traced(SPAN_NAME)], [[0, SpanAttribute('user.id')]]),
      };
    },
  },
];

// The outgoing-fetch and log configs (bench/outgoing, bench/logs) run in the same server script.
const outgoingConfigs = require('../outgoing/configs').configs;
const { logConfigs } = require('../logs/configs');

module.exports = { configs, extraConfigs, allConfigs: [...configs, ...extraConfigs, ...outgoingConfigs, ...logConfigs], ours, SPAN_NAME };
