import { describe, expect, it } from 'vitest';
import { hostRoutes } from './hostContract';
import { buildRoutePath, compileHostRoutes } from './routePaths';

describe('route paths', () => {
  it('round-trips every route template through build and match', () => {
    const routes = compileHostRoutes();
    expect(routes.map((r) => r.name).sort()).toEqual(Object.keys(hostRoutes).sort());
    for (const route of routes) {
      const template = hostRoutes[route.name].path;
      const names = [...template.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      const params = Object.fromEntries(names.map((n, i) => [n, `1.2.${i}/x y`]));
      const built = buildRoutePath(template, params, {});
      expect(route.match(built)).toEqual(params);
    }
  });
  it('appends only defined query values', () => {
    expect(buildRoutePath('/api/studies', {}, { a: 'x y', b: undefined, c: '', d: 3 })).toBe('/api/studies?a=x+y&d=3');
    expect(() => buildRoutePath('/a/:id', {}, {})).toThrow(/missing path parameter "id"/);
  });
});
