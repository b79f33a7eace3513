import { protocol } from 'electron';
import type { RequestHandler } from '../common/contract/hostRequestHandler';

export const APP_SCHEME = 'lightbox';
/** The renderer's origin inside Electron. */
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/**
 * Must run before `app.ready`. `standard` + `secure` give the scheme a real origin with
 * secure-context APIs; `supportFetchAPI` lets the renderer `fetch` the contract; `stream`
 * lets volume blocks and SSE-style bodies stream instead of being buffered.
 */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

/** Serves the whole app (renderer files and the host contract) through the same handler as browser mode. */
export function handleAppScheme(handle: RequestHandler): void {
  protocol.handle(APP_SCHEME, (request) => {
    // Only lightbox://app exists; any other host under the scheme is refused.
    if (!isAppUrl(request.url)) return new Response('not found', { status: 404 });
    return handle(request);
  });
}

/**
 * True for URLs inside the app. Compares scheme and host, not `URL.origin`: Node's URL gives
 * custom schemes an opaque origin ("null"), so an origin check would refuse the app itself.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}
