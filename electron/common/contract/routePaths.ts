import { hostRoutes, type HostRequestName, type HttpMethod } from './hostContract';

/** A compiled route template: `/api/studies/:studyUid` → a matcher returning `{ studyUid }`. */
export interface CompiledRoute {
  name: HostRequestName;
  method: HttpMethod;
  match(pathname: string): Record<string, string> | undefined;
}

function compileTemplate(template: string): (pathname: string) => Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  const regex = new RegExp(`^${pattern}$`);
  return (pathname) => {
    const m = regex.exec(pathname);
    if (!m) return undefined;
    const params: Record<string, string> = {};
    names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1] ?? '');
    });
    return params;
  };
}

export function compileHostRoutes(): CompiledRoute[] {
  return (Object.keys(hostRoutes) as HostRequestName[]).map((name) => ({
    name,
    method: hostRoutes[name].method,
    match: compileTemplate(hostRoutes[name].path),
  }));
}

/** Fills a route template's `:params` (URI-encoded) and appends the query string. */
export function buildRoutePath(
  template: string,
  params: Record<string, string>,
  query: Record<string, string | number | undefined>,
): string {
  const path = template.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter "${name}" for ${template}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
