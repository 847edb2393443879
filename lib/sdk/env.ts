/** Reads one standard variable; blank counts as unset, like the OpenTelemetry SDKs do. */
export function readEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

