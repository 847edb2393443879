const NEVER_RECORDED = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization']);

/** Lower-cases the user's list and drops the headers that are never recorded. */
export function headerAllowList(names: readonly string[] | undefined): string[] {
  return [...new Set((names ?? []).map((name) => name.trim().toLowerCase()))].filter(
    (name) => name.length > 0 && !NEVER_RECORDED.has(name),
  );
}
