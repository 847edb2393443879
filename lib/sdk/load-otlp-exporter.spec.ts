import { TracingConfigurationError } from './configuration-error';

describe('loadOtlpExporter', () => {
  afterEach(() => jest.resetModules());

  it('says which package to install when the gRPC exporter is missing, instead of a bare MODULE_NOT_FOUND', () => {
    jest.doMock('@opentelemetry/exporter-trace-otlp-grpc', () => {
      throw Object.assign(new Error("Cannot find module '@opentelemetry/exporter-trace-otlp-grpc'"), { code: 'MODULE_NOT_FOUND' });
    });
    const { loadOtlpExporter } = require('./load-otlp-exporter') as typeof import('./load-otlp-exporter');
    const { TracingConfigurationError: ErrorClass } = require('./configuration-error') as { TracingConfigurationError: typeof TracingConfigurationError };
    const load = () => loadOtlpExporter({ protocol: 'grpc', url: 'http://localhost:4317' });
    expect(load).toThrow(ErrorClass);
    expect(load).toThrow(/the OTLP protocol "grpc" needs @opentelemetry\/exporter-trace-otlp-grpc: npm install @opentelemetry\/exporter-trace-otlp-grpc@\^0\.223\.1/);
  });

  it('loads only the exporter of the chosen protocol', () => {
    jest.doMock('@opentelemetry/exporter-trace-otlp-grpc', () => {
      throw new Error('the gRPC exporter must not be loaded for http/json');
    });
    jest.doMock('@opentelemetry/exporter-trace-otlp-proto', () => {
      throw new Error('the protobuf exporter must not be loaded for http/json');
    });
    const { loadOtlpExporter } = require('./load-otlp-exporter') as typeof import('./load-otlp-exporter');
    const exporter = loadOtlpExporter({ protocol: 'http/json', url: 'http://127.0.0.1:4318/v1/traces' });
    expect(exporter.constructor.name).toBe('OTLPTraceExporter');
    return exporter.shutdown();
  });
});
