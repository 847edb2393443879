/** Routes are few and fixed at startup; past this many, templates are no longer remembered. */
const MAX_REMEMBERED = 1000;
const remembered = new Map<string, string>();

/**
 * One spelling of a route template across routers: Express 5 reports a wildcard as
 * `{*path}` or `*path`, Fastify as `*`; all become `*`. Parameters (`:id`) stay as they are.
 */
export function normalizeRouteTemplate(route: string): string {
  let template = remembered.get(route);
  if (template === undefined) {
    template = route.replace(/\{\*[^}]*\}/g, '*').replace(/\*[A-Za-z_$][\w$]*/g, '*') || '/';
    if (remembered.size < MAX_REMEMBERED) remembered.set(route, template);
  }
  return template;
}
