/** Where the host answers: its loopback origin and the token every request must carry. */
export interface HostEndpoint {
  origin: string;
  token: string;
}

/**
 * Hands a request of the app's origin (`lightbox://app/…`) to the host's loopback server, as
 * Electron main's scheme handler does: same method, path, headers and streamed body, plus the
 * host's token. The answer streams back as it is (frames and volume blocks are never buffered here).
 */
export function forwardRequest(request: Request, host: HostEndpoint): Promise<Response> {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  headers.set('authorization', `Bearer ${host.token}`);
  // The page's own cookies and origin mean nothing to the host: it trusts the token alone.
  headers.delete('cookie');
  headers.delete('host');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  return fetch(`${host.origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    signal: request.signal,
    redirect: 'manual',
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
  } as RequestInit);
}
