import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { jsonErrorResponse } from '../../common/contract/hostError';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Serves the built renderer from `rootDir`. The URL path is resolved inside the root and
 * anything that escapes it (`..`, encoded slashes) is refused, so no file outside the build
 * can be read through the app's origin.
 */
export function createStaticFileHandler(rootDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rootDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return jsonErrorResponse(405, 'method-not-allowed', `${request.method} is not allowed on static files`, { allow: 'GET, HEAD' });
    }
    const pathname = new URL(request.url).pathname;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return jsonErrorResponse(400, 'bad-request', 'malformed URL path');
    }
    if (decoded.includes('\0') || decoded.includes('\\')) return jsonErrorResponse(400, 'bad-request', 'malformed URL path');
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) return jsonErrorResponse(403, 'forbidden', 'path escapes the app root');
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      return info === undefined && !(await stat(root).catch(() => undefined))
        ? jsonErrorResponse(503, 'not-built', `the renderer is not built (no ${root}); run "npm run build"`)
        : jsonErrorResponse(404, 'not-found', `no such file: ${pathname}`);
    }
    const ext = path.extname(file).toLowerCase();
    const headers = new Headers({
      'content-type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      // Hashed asset names may be cached for ever; the HTML entry point never.
      'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store',
    });
    if (ext === '.html') {
      headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
      headers.set('referrer-policy', 'no-referrer');
    }
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return new Response(body, { headers });
  };
}
