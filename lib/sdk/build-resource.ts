import { detectResources, envDetector, resourceFromAttributes, defaultResource, Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import type { TracingModuleOptions } from '../tracing.options';

/** SDK defaults, then `OTEL_RESOURCE_ATTRIBUTES`/`OTEL_SERVICE_NAME`, then code options. */
export function buildResource(options: TracingModuleOptions): Resource {
  const fromCode: Attributes = { ...options.resourceAttributes };
  if (options.serviceName) fromCode[ATTR_SERVICE_NAME] = options.serviceName;
  if (options.serviceVersion) fromCode[ATTR_SERVICE_VERSION] = options.serviceVersion;
  return defaultResource()
    .merge(detectResources({ detectors: [envDetector] }))
    .merge(resourceFromAttributes(fromCode));
}
