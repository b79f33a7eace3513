import { randomBytes, timingSafeEqual } from 'node:crypto';
import { jsonErrorResponse } from '../../common/contract/hostError';

export const TOKEN_COOKIE = 'lightbox_token';
export const TOKEN_QUERY = 'token';

/** A per-launch secret: 32 random bytes, URL-safe. */
export function generateLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | null, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

export interface LoopbackAuthOptions {
  token: string;
  /** Host header values the server answers to, e.g. `127.0.0.1:4321` and `localhost:4321`. */
  allowedHosts: string[];
}

/**
 * Guards every browser-mode route. Returns a Response to send instead of the handler's, or
 * undefined when the request may proceed.
 *
 * - The Host header must name our loopback address: a web page that rebinds a DNS name to
 *   127.0.0.1 (DNS rebinding) is refused before any token check.
 * - The token comes as `Authorization: Bearer …` (scripts, DICOMweb clients) or as the
 *   HttpOnly SameSite=Strict cookie that the page got when it was opened with `?token=`. That
 *   first request is answered with a redirect that drops the token from the address bar.
 */
export function checkLoopbackAuth(request: Request, options: LoopbackAuthOptions): Response | undefined {
  const host = request.headers.get('host') ?? '';
  if (!options.allowedHosts.includes(host)) {
    return jsonErrorResponse(421, 'wrong-host', `this server answers only to ${options.allowedHosts.join(' or ')}`);
  }
  const url = new URL(request.url);
  const queryToken = url.searchParams.get(TOKEN_QUERY);
  if (queryToken !== null && request.method === 'GET' && sameSecret(queryToken, options.token)) {
    url.searchParams.delete(TOKEN_QUERY);
    return new Response(null, {
      status: 303,
      headers: {
        location: `${url.pathname}${url.search}`,
        'set-cookie': `${TOKEN_COOKIE}=${options.token}; Path=/; HttpOnly; SameSite=Strict`,
        'cache-control': 'no-store',
      },
    });
  }
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const cookie = cookieValue(request.headers.get('cookie'), TOKEN_COOKIE);
  const presented = bearer ?? cookie;
  if (presented !== undefined && sameSecret(presented, options.token)) return undefined;
  return jsonErrorResponse(401, 'unauthorized', 'missing or wrong launch token (open the URL printed by "lightbox serve")', {
    'www-authenticate': 'Bearer realm="lightbox"',
  });
}
