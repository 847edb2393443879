/** Thrown at startup when an option or an `OTEL_*` variable cannot be used. */
export class TracingConfigurationError extends Error {
  constructor(message: string) {
    super(`nestjs-tracing: ${message}`);
    this.name = 'TracingConfigurationError';
  }
}
