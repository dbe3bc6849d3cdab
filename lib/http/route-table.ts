import { AppError } from '@/lib/errors';
import type { Route } from './route';

/**
 * The routes of one request path, and the value of its parameter segment, if it has one;
 * `malformed`: the segment is not valid percent-encoding (see `malformedParam`).
 */
export type RouteMatch = {
  routes: readonly Route[];
  params: Readonly<Record<string, string>>;
  malformed?: true;
};

/**
 * Routes whose path has one parameter segment (`/api/series/:name`, `/api/boards/:slug/layout`),
 * by the literal text before and after it.
 */
type ParamRoutes = { prefix: string; suffix: string; param: string; routes: Route[] };

/**
 * A route path with one parameter segment: `<prefix>:<name>[<suffix>]`, the prefix ending in
 * `/`, the suffix (if any) literal segments starting with `/`.
 */
const PARAM_PATH = /^(\/(?:[^:]*\/)?):([A-Za-z][A-Za-z0-9]*)((?:\/[^:/]+)*)$/;

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The route table: exact paths first, looked up in a Map, so every exact route matches as it
 * always did; then paths with one parameter segment (`/api/series/:name`,
 * `/api/boards/:slug/layout`), which match `<prefix><one non-empty segment><suffix>` (no `/` in
 * the segment) and give the segment percent-decoded. Any other path is no route's (Next
 * answers it).
 */
export class RouteTable {
  readonly #exact = new Map<string, Route[]>();
  readonly #withParam: ParamRoutes[] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      const param = PARAM_PATH.exec(route.path);
      if (!param) {
        this.#exact.set(route.path, [...(this.#exact.get(route.path) ?? []), route]);
        continue;
      }
      const [, prefix = '/', name = '', suffix = ''] = param;
      const same = this.#withParam.find((p) => p.prefix === prefix && p.suffix === suffix);
      if (same && same.param !== name) {
        throw new TypeError(`Routes under ${prefix} name their parameter differently`);
      }
      if (same) same.routes.push(route);
      else this.#withParam.push({ prefix, suffix, param: name, routes: [route] });
    }
  }

  /**
   * The routes of `path` (a request path without its query), or undefined. A parameter that
   * is not valid percent-encoding is matched `malformed`: the router refuses it after its
   * usual checks (Host, cross-site, rate, access), with `malformedParam()`.
   */
  match(path: string): RouteMatch | undefined {
    const exact = this.#exact.get(path);
    if (exact) return { routes: exact, params: NO_PARAMS };
    for (const { prefix, suffix, param, routes } of this.#withParam) {
      if (!path.startsWith(prefix) || !path.endsWith(suffix)) continue;
      const segment = path.slice(prefix.length, path.length - suffix.length);
      if (segment === '' || segment.includes('/')) continue;
      try {
        return { routes, params: Object.freeze({ [param]: decodeURIComponent(segment) }) };
      } catch {
        return { routes, params: NO_PARAMS, malformed: true };
      }
    }
    return undefined;
  }
}

/** The answer to a parameter segment that is not valid percent-encoding: 400 `bad_request`. */
export function malformedParam(): AppError {
  return new AppError('bad_request', 'the path has a malformed percent-encoding');
}
