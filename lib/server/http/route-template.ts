/**
 * One spelling of a route template across routers: Express 5 reports a wildcard as
 * `{*path}` or `*path`, Fastify as `*`; all become `*`. Parameters (`:id`) stay as they are.
 */
export function normalizeRouteTemplate(route: string): string {
  return route.replace(/\{\*[^}]*\}/g, '*').replace(/\*[A-Za-z_$][\w$]*/g, '*') || '/';
}
